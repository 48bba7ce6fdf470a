import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for one Mercato side in BlueGreenScriptTests, run as a source file
 * ({@code java FakeSide.java}): ready at once on SERVER_PORT, answers every path with its side's
 * name, exits on SIGTERM. Lets the script's own logic be tested in seconds.
 */
public class FakeSide {
    public static void main(String[] args) throws IOException {
        String side = System.getenv().getOrDefault("MERCATO_SIDE", "?");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(System.getenv("SERVER_PORT"))), 64);
        server.createContext("/", exchange -> {
            byte[] body = side.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
    }
}
