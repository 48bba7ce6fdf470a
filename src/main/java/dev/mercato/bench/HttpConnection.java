package dev.mercato.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive HTTP/1.1 connection over a plain socket, for load clients: a request is written as
 * prepared bytes and the answer read back with no allocation beyond the body. It understands what
 * Mercato sends (Content-Length or chunked bodies, {@code Connection: close}) and nothing more.
 * Not thread-safe: one per client thread, used closed-loop (one request in flight).
 *
 * <p>Why not {@code java.net.http.HttpClient}: its per-request machinery (executor hand-offs,
 * futures, header maps) costs tens of microseconds of CPU on the machine the server also runs on,
 * which would be counted as the server's; this costs a few (measured by the benchmark's
 * {@code client-alone} line).
 */
final class HttpConnection implements AutoCloseable {

    /** What came back: the status and, when kept, the body. */
    record Response(int status, byte[] body) {
        String text() {
            return body == null ? "" : new String(body, StandardCharsets.UTF_8);
        }
    }

    private final InetSocketAddress address;
    private final byte[] line = new byte[8192];
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    HttpConnection(String host, int port) {
        this.address = new InetSocketAddress(host, port);
    }

    /** A GET with optional extra header lines ({@code "Name: value"}), as bytes to send again and again. */
    static byte[] get(String path, String... headers) {
        return request("GET", path, null, headers);
    }

    /** A POST of a JSON body with optional extra header lines. */
    static byte[] postJson(String path, String json, String... headers) {
        return request("POST", path, json, headers);
    }

    static byte[] request(String method, String path, String json, String... headers) {
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: localhost\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        if (json != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        byte[] start = head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[start.length + body.length];
        System.arraycopy(start, 0, all, 0, start.length);
        System.arraycopy(body, 0, all, start.length, body.length);
        return all;
    }

    /**
     * Sends the request and reads the whole answer; {@code keepBody} false skips the body's bytes
     * without keeping them. Reconnects first when the server closed the connection.
     */
    Response exchange(byte[] request, boolean keepBody) throws IOException {
        if (socket == null) {
            connect();
        }
        out.write(request);
        out.flush();
        String status = readLine();
        if (status == null) {
            throw new IOException("connection closed before the answer");
        }
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String header = readLine(); header != null && !header.isEmpty(); header = readLine()) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon);
            String value = header.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                chunked = value.equalsIgnoreCase("chunked");
            } else if (name.equalsIgnoreCase("Connection")) {
                close = value.equalsIgnoreCase("close");
            }
        }
        byte[] body;
        if (chunked) {
            body = readChunked(keepBody);
        } else if (length >= 0) {
            body = read((int) length, keepBody);
        } else {
            body = code == 204 || code == 304 ? null : readToEnd(keepBody);
            close = close || (code != 204 && code != 304);
        }
        if (close) {
            close();
        }
        return new Response(code, body);
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(address, 5_000);
        socket.setSoTimeout(30_000);
        in = new BufferedInputStream(socket.getInputStream(), 65_536);
        out = new BufferedOutputStream(socket.getOutputStream(), 8_192);
    }

    /** A header line in ISO-8859-1 without its CRLF; null at the end of the stream. */
    private String readLine() throws IOException {
        int n = 0;
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                int end = n > 0 && line[n - 1] == '\r' ? n - 1 : n;
                return new String(line, 0, end, StandardCharsets.ISO_8859_1);
            }
            if (n == line.length) {
                throw new IOException("header line longer than " + line.length + " bytes");
            }
            line[n++] = (byte) b;
        }
        return n == 0 ? null : new String(line, 0, n, StandardCharsets.ISO_8859_1);
    }

    private byte[] read(int length, boolean keep) throws IOException {
        if (keep) {
            byte[] body = in.readNBytes(length);
            if (body.length < length) {
                throw new IOException("body ended after " + body.length + " of " + length + " bytes");
            }
            return body;
        }
        in.skipNBytes(length); // throws EOFException when the body is short
        return null;
    }

    private byte[] readChunked(boolean keep) throws IOException {
        java.io.ByteArrayOutputStream body = keep ? new java.io.ByteArrayOutputStream() : null;
        while (true) {
            String size = readLine();
            if (size == null) {
                throw new IOException("chunked body ended early");
            }
            int semicolon = size.indexOf(';');
            int length = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            if (length == 0) {
                while (true) { // trailers, then the blank line
                    String trailer = readLine();
                    if (trailer == null || trailer.isEmpty()) {
                        return keep ? body.toByteArray() : null;
                    }
                }
            }
            byte[] chunk = read(length, keep);
            if (keep) {
                body.write(chunk);
            }
            readLine(); // the CRLF after the chunk
        }
    }

    private byte[] readToEnd(boolean keep) throws IOException {
        byte[] all = in.readAllBytes();
        return keep ? all : null;
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a socket we are done with: nothing to do about a failure
            }
            socket = null;
        }
    }
}
