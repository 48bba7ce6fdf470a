package dev.mercato.bench;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive HTTP/1.1 connection for one load-generating thread: writes the request bytes
 * itself and reads status, headers and body (fixed length or chunked) without building header maps.
 * The benchmark client and the server share two cores, so every microsecond the client spends is
 * taken from the server; {@link NoopHttpServer} measures what this client costs on its own.
 * Not thread-safe: one per thread. Reconnects when the server closed the connection.
 */
final class LoopbackHttp implements AutoCloseable {

    /** An answer: status and body (UTF-8). */
    record Response(int status, String body) {
    }

    private final String host;
    private final int port;
    private Socket socket;
    private OutputStream out;
    private InputStream in;
    private final byte[] buffer = new byte[16 * 1024];
    private int start;
    private int end;
    private boolean closeAfter;

    LoopbackHttp(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** Sends a POST with a JSON body (may be empty); {@code headers} are extra "Name: value" lines, already joined with CRLF. */
    Response post(String path, String bearer, String extraHeaders, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(256).append("POST ").append(path).append(" HTTP/1.1\r\nHost: ").append(host)
                .append("\r\nContent-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        if (bearer != null) {
            head.append("Authorization: Bearer ").append(bearer).append("\r\n");
        }
        if (extraHeaders != null) {
            head.append(extraHeaders);
        }
        head.append("\r\n");
        return exchange(head.toString().getBytes(StandardCharsets.ISO_8859_1), body);
    }

    private Response exchange(byte[] head, byte[] body) throws IOException {
        for (int attempt = 0; ; attempt++) {
            if (socket == null) {
                connect();
            }
            try {
                out.write(head);
                out.write(body);
                out.flush();
                Response response = read();
                if (closeAfter) {
                    close();
                }
                return response;
            } catch (IOException e) {
                // a keep-alive connection the server closed while idle: reconnect once and send again
                close();
                if (attempt > 0) {
                    throw e;
                }
            }
        }
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port));
        out = new BufferedOutputStream(socket.getOutputStream(), 4096);
        in = socket.getInputStream();
        start = 0;
        end = 0;
    }

    private Response read() throws IOException {
        String statusLine = line();
        int status = Integer.parseInt(statusLine.substring(9, 12));
        int length = -1;
        boolean chunked = false;
        closeAfter = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon);
            String value = header.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Integer.parseInt(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                chunked = value.equalsIgnoreCase("chunked");
            } else if (name.equalsIgnoreCase("Connection")) {
                closeAfter = value.equalsIgnoreCase("close");
            }
        }
        if (chunked) {
            StringBuilder text = new StringBuilder();
            for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0; size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                text.append(new String(bytes(size), StandardCharsets.UTF_8));
                line();
            }
            line();
            return new Response(status, text.toString());
        }
        return new Response(status, length <= 0 ? "" : new String(bytes(length), StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            if (start == end) {
                fill();
            }
            byte b = buffer[start++];
            if (b == '\n') {
                int n = line.length();
                return n > 0 && line.charAt(n - 1) == '\r' ? line.substring(0, n - 1) : line.toString();
            }
            line.append((char) (b & 0xff));
        }
    }

    private byte[] bytes(int length) throws IOException {
        byte[] bytes = new byte[length];
        int at = 0;
        while (at < length) {
            if (start == end) {
                fill();
            }
            int n = Math.min(length - at, end - start);
            System.arraycopy(buffer, start, bytes, at, n);
            start += n;
            at += n;
        }
        return bytes;
    }

    private void fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n < 0) {
            throw new EOFException("connection closed by the server");
        }
        start = 0;
        end = n;
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
        }
    }
}
