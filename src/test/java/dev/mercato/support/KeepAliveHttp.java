package dev.mercato.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive HTTP/1.1 connection, used closed-loop by one load client, that behaves as a
 * browser does when a server closes an idle kept-alive connection just as a request goes out on
 * it (what nginx's old workers do after a reload): when a <em>reused</em> connection ends before
 * a single byte of the answer arrived, the request is sent again once on a new connection and the
 * retry is counted ({@link #staleRetries()}). Nothing of the answer had arrived and nginx closes
 * only connections with no request in progress, so the first copy was never passed on; the load
 * test also checks that in the database. Any other failure is thrown.
 */
public final class KeepAliveHttp implements AutoCloseable {

    /** {@code upstream}: nginx's {@code X-Mercato-Upstream} header (the side that answered), null without one. */
    public record Answer(int status, String body, String upstream) {
        @Override
        public String toString() {
            return status + " " + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
        }
    }

    private final InetSocketAddress address;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private int staleRetries;

    public KeepAliveHttp(int port) {
        this.address = new InetSocketAddress("127.0.0.1", port);
    }

    public int staleRetries() {
        return staleRetries;
    }

    public Answer get(String path, String token) throws IOException {
        return exchange("GET", path, token, null, null);
    }

    public Answer post(String path, String token, String json, String idempotencyKey) throws IOException {
        return exchange("POST", path, token, json, idempotencyKey);
    }

    private Answer exchange(String method, String path, String token, String json, String key) throws IOException {
        byte[] request = request(method, path, token, json, key);
        boolean reused = socket != null;
        if (!reused) {
            connect();
        }
        try {
            return send(request);
        } catch (NothingArrived e) {
            close();
            if (!reused) {
                throw e;
            }
            staleRetries++;
            connect();
            return send(request);
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private byte[] request(String method, String path, String token, String json, String key) {
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: localhost\r\n");
        if (token != null) {
            head.append("Authorization: Bearer ").append(token).append("\r\n");
        }
        if (key != null) {
            head.append("Idempotency-Key: ").append(key).append("\r\n");
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

    /** The connection ended (closed or reset) before the first byte of the answer. */
    private static final class NothingArrived extends IOException {
        NothingArrived(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private Answer send(byte[] request) throws IOException {
        int first;
        try {
            out.write(request);
            out.flush();
            first = in.read();
        } catch (java.net.SocketTimeoutException e) {
            throw e; // sent and not answered in time: it may be running, so it is not sent again
        } catch (IOException e) {
            throw new NothingArrived("connection failed before the answer: " + e, e);
        }
        if (first == -1) {
            throw new NothingArrived("connection closed before the answer", null);
        }
        String status = (char) first + readLine();
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        String upstream = null;
        for (String header = readLine(); !header.isEmpty(); header = readLine()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, Math.max(colon, 0)).trim();
            String value = header.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                chunked = value.equalsIgnoreCase("chunked");
            } else if (name.equalsIgnoreCase("Connection")) {
                close = value.equalsIgnoreCase("close");
            } else if (name.equalsIgnoreCase("X-Mercato-Upstream")) {
                upstream = value;
            }
        }
        byte[] body;
        if (chunked) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(readLine().split(";")[0].trim(), 16); size > 0;
                 size = Integer.parseInt(readLine().split(";")[0].trim(), 16)) {
                all.write(readExactly(size));
                readLine();
            }
            while (!readLine().isEmpty()) {
                // trailers
            }
            body = all.toByteArray();
        } else if (length >= 0) {
            body = readExactly((int) length);
        } else {
            body = in.readAllBytes();
            close = true;
        }
        if (close) {
            close();
        }
        return new Answer(code, new String(body, StandardCharsets.UTF_8), upstream);
    }

    private byte[] readExactly(int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new IOException("answer cut off after " + bytes.length + " of " + length + " bytes");
        }
        return bytes;
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                throw new IOException("answer cut off in its header");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(address, 5_000);
        socket.setSoTimeout(60_000);
        in = new BufferedInputStream(socket.getInputStream(), 16_384);
        out = socket.getOutputStream();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // a connection we are done with
            }
            socket = null;
        }
    }
}
