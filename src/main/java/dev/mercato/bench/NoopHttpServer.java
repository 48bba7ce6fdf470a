package dev.mercato.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A server that reads each request (its head, then a {@code Content-Length} body) and answers
 * {@code 200 {}} at once on the same keep-alive connection, a virtual thread per connection: every
 * scenario's client ({@link HttpConnection}) run against it shows how many requests a second the
 * client itself can send on this machine, what it costs per request, and so what share of the
 * machine it takes at the rate measured against Mercato.
 */
final class NoopHttpServer implements AutoCloseable {

    private static final byte[] ANSWER = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
            .getBytes(StandardCharsets.ISO_8859_1);

    private final ServerSocket server;
    private final ExecutorService connections = Executors.newVirtualThreadPerTaskExecutor();

    NoopHttpServer() throws IOException {
        server = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("noop-accept").start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                connections.execute(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void serve(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = new BufferedOutputStream(socket.getOutputStream())) {
            byte[] buffer = new byte[16 * 1024];
            int have = 0;
            while (true) {
                int headEnd = headEnd(buffer, have);
                while (headEnd < 0) {
                    int n = in.read(buffer, have, buffer.length - have);
                    if (n < 0) {
                        return;
                    }
                    have += n;
                    headEnd = headEnd(buffer, have);
                }
                int total = headEnd + contentLength(buffer, headEnd);
                while (have < total) {
                    int n = in.read(buffer, have, buffer.length - have);
                    if (n < 0) {
                        return;
                    }
                    have += n;
                }
                System.arraycopy(buffer, total, buffer, 0, have - total);
                have -= total;
                out.write(ANSWER);
                out.flush();
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static int headEnd(byte[] b, int length) {
        for (int i = 3; i < length; i++) {
            if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    private static int contentLength(byte[] b, int headEnd) {
        String head = new String(b, 0, headEnd, StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
        int at = head.indexOf("content-length:");
        if (at < 0) {
            return 0;
        }
        int eol = head.indexOf('\r', at);
        return Integer.parseInt(head.substring(at + "content-length:".length(), eol).trim());
    }

    @Override
    public void close() throws IOException {
        server.close();
        connections.shutdownNow();
    }
}
