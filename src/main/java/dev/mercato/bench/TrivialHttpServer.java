package dev.mercato.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The cheapest HTTP/1.1 server there is, for measuring the load client alone: every request (read
 * up to its blank line; the benchmark sends bodiless GETs) is answered with the same small 200 on
 * the same keep-alive connection, a platform thread per connection. What {@link HttpLoad} reaches
 * against it bounds what it can measure of Mercato on this machine.
 */
final class TrivialHttpServer implements AutoCloseable {

    private static final byte[] ANSWER = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
            .getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;

    TrivialHttpServer() throws IOException {
        server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("trivial-http-accept").start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                Thread.ofPlatform().daemon().name("trivial-http").start(() -> serve(socket));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void serve(Socket socket) {
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream(), 8192); OutputStream out = socket.getOutputStream()) {
            int run = 0; // bytes of "\r\n\r\n" seen in a row
            for (int b = in.read(); b != -1; b = in.read()) {
                run = (b == '\r' && (run == 0 || run == 2)) || (b == '\n' && (run == 1 || run == 3)) ? run + 1 : (b == '\r' ? 1 : 0);
                if (run == 4) {
                    out.write(ANSWER);
                    out.flush();
                    run = 0;
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
