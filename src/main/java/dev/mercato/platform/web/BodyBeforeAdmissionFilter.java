package dev.mercato.platform.web;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads an API request's body before {@link ConcurrencyLimitFilter} admits it, so a request counts
 * against the admission limit only once its body has arrived. Admission used to come first: 64
 * clients dribbling their bodies held every slot and everyone else got 503 after the admission
 * timeout. Waiting here costs a parked virtual thread and a connection, nothing that others queue for.
 *
 * <p>The whole body must arrive within {@code bodyReadTimeout} of the first read, or the request is
 * answered 408 and its connection closed. The check runs as each read returns, so a client that
 * sends nothing at all is cut by the container's own read timeout ({@code server.tomcat.connection-timeout})
 * instead. Bodies are bounded by {@link RequestSizeLimitFilter}, which runs first; bulk imports
 * (up to gigabytes, streamed to disk by their controller) are left to stream and are not buffered.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 15)
class BodyBeforeAdmissionFilter extends OncePerRequestFilter {

    private final WebSettings settings;
    private final ProblemResponses problems;
    private final Clock clock;

    BodyBeforeAdmissionFilter(WebSettings settings, ProblemResponses problems, Clock clock) {
        this.settings = settings;
        this.problems = problems;
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String uri = request.getRequestURI();
        return !uri.startsWith("/api/") || uri.startsWith("/api/admin/products/import") || !hasBody(request);
    }

    private static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        byte[] body = readWithDeadline(request.getInputStream(), settings.bodyReadTimeout());
        if (body == null) {
            response.setHeader(HttpHeaders.CONNECTION, "close");
            problems.write(response, HttpStatus.REQUEST_TIMEOUT, "request-timeout", "Request Timeout",
                    "The request body did not arrive within " + settings.bodyReadTimeout().toSeconds() + " s; nothing was changed");
            return;
        }
        BufferedBody.keep(request, body);
        chain.doFilter(new BufferedRequest(request, body), response);
    }

    /** The body, or null when it took longer than {@code timeout}. */
    private byte[] readWithDeadline(InputStream in, Duration timeout) throws IOException {
        Instant deadline = clock.instant().plus(timeout);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            body.write(buffer, 0, n);
            if (clock.instant().isAfter(deadline)) {
                return null;
            }
        }
        return body.toByteArray();
    }

    private static final class BufferedRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        BufferedRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] bytes, int offset, int length) {
                    return in.read(bytes, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new IllegalStateException("the body was read before admission; read it synchronously");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            Charset charset = StandardCharsets.UTF_8;
            try {
                if (getCharacterEncoding() != null) {
                    charset = Charset.forName(getCharacterEncoding());
                }
            } catch (IllegalArgumentException unknown) {
                // an unknown charset name from the client: read as UTF-8, whose checks then refuse it
            }
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
