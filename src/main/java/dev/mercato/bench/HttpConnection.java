package dev.mercato.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive HTTP/1.1 connection over a plain socket, the bench's one HTTP client: requests are
 * prepared bytes ({@link #get}, {@link #request}) or a JSON POST ({@link #post}), and the answer is
 * read from the connection's own buffer without header maps, keeping the body only when asked. It
 * understands what Mercato sends (Content-Length or chunked bodies, {@code Connection: close}) and
 * nothing more. Not thread-safe: one per client thread, closed loop (one request in flight).
 *
 * <p>Why not {@code java.net.http.HttpClient}: its per-request machinery (executor hand-offs,
 * futures, header maps) costs tens of microseconds of CPU on the machine the server also runs on,
 * which would be counted as the server's; this costs a few. {@link NoopHttpServer} measures it alone
 * (the {@code client-alone} and {@code client noop_...} lines of the scenarios).
 */
final class HttpConnection implements AutoCloseable {

    /** What came back: the status and, when kept, the body. */
    record Response(int status, byte[] body) {
        String text() {
            return body == null ? "" : new String(body, StandardCharsets.UTF_8);
        }
    }

    private static final byte[] NO_BODY = new byte[0];

    private final String host;
    private final InetSocketAddress address;
    private final byte[] buffer = new byte[16 * 1024];
    private final byte[] line = new byte[8192];
    private int start;
    private int end;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    /** Whether a request was sent on this connection (a fresh one that fails is not retried). */
    private boolean used;
    /** Whether the current answer's status line arrived (after that, a failure is not retried). */
    private boolean answerStarted;

    HttpConnection(String host, int port) {
        this.host = host;
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
        byte[] body = json == null ? NO_BODY : json.getBytes(StandardCharsets.UTF_8);
        if (json != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        byte[] start = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[start.length + body.length];
        System.arraycopy(start, 0, all, 0, start.length);
        System.arraycopy(body, 0, all, start.length, body.length);
        return all;
    }

    /**
     * A POST of a JSON body (may be empty) with the caller's bearer token (null: none) and extra
     * header lines already joined with CRLF (null: none); the body of the answer is kept.
     */
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
        byte[] start = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = new byte[start.length + body.length];
        System.arraycopy(start, 0, request, 0, start.length);
        System.arraycopy(body, 0, request, start.length, body.length);
        return exchange(request, true);
    }

    /**
     * Sends the request and reads the whole answer; {@code keepBody} false skips the body's bytes
     * without keeping them. Connects first when there is no connection (the server closed the last);
     * when a kept-alive connection turns out closed before any byte of the answer (the server
     * dropped it while idle), sends once more on a new one.
     */
    Response exchange(byte[] request, boolean keepBody) throws IOException {
        boolean reused = socket != null && used;
        if (socket == null) {
            connect();
        }
        try {
            return send(request, keepBody);
        } catch (EOFException | java.net.SocketException e) {
            close();
            if (!reused || answerStarted) {
                throw e;
            }
            connect();
            return send(request, keepBody);
        }
    }

    private Response send(byte[] request, boolean keepBody) throws IOException {
        answerStarted = false;
        used = true;
        out.write(request);
        out.flush();
        String status = readLine();
        if (status == null) {
            throw new EOFException("connection closed before the answer");
        }
        answerStarted = true;
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
        in = socket.getInputStream();
        out = new java.io.BufferedOutputStream(socket.getOutputStream(), 8_192);
        start = 0;
        end = 0;
        used = false;
    }

    /** Refills the buffer; false at the end of the stream. */
    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n < 0) {
            return false;
        }
        start = 0;
        end = n;
        return true;
    }

    /** A header line in ISO-8859-1 without its CRLF; null at the end of the stream. */
    private String readLine() throws IOException {
        int n = 0;
        while (true) {
            if (start == end && !fill()) {
                return n == 0 ? null : new String(line, 0, n, StandardCharsets.ISO_8859_1);
            }
            byte b = buffer[start++];
            if (b == '\n') {
                int length = n > 0 && line[n - 1] == '\r' ? n - 1 : n;
                return new String(line, 0, length, StandardCharsets.ISO_8859_1);
            }
            if (n == line.length) {
                throw new IOException("header line longer than " + line.length + " bytes");
            }
            line[n++] = b;
        }
    }

    private byte[] read(int length, boolean keep) throws IOException {
        byte[] body = keep ? new byte[length] : null;
        int at = 0;
        while (at < length) {
            if (start == end && !fill()) {
                throw new EOFException("body ended after " + at + " of " + length + " bytes");
            }
            int n = Math.min(length - at, end - start);
            if (keep) {
                System.arraycopy(buffer, start, body, at, n);
            }
            start += n;
            at += n;
        }
        return body;
    }

    private byte[] readChunked(boolean keep) throws IOException {
        java.io.ByteArrayOutputStream body = keep ? new java.io.ByteArrayOutputStream() : null;
        while (true) {
            String size = readLine();
            if (size == null) {
                throw new EOFException("chunked body ended early");
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
        java.io.ByteArrayOutputStream all = keep ? new java.io.ByteArrayOutputStream() : null;
        do {
            if (keep) {
                all.write(buffer, start, end - start);
            }
            start = end;
        } while (fill());
        return keep ? all.toByteArray() : null;
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
