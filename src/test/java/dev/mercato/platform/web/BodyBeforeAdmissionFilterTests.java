package dev.mercato.platform.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class BodyBeforeAdmissionFilterTests {

    private static final WebSettings SETTINGS = new WebSettings(DataSize.ofMegabytes(1), DataSize.ofGigabytes(2), 64,
            Duration.ofSeconds(10), Duration.ofSeconds(30), java.util.List.of());

    /** A clock the dribbling body moves forward by {@code step} on each read. */
    private static final class SteppingClock extends Clock {
        private Instant now = Instant.parse("2026-12-02T04:00:00Z");

        void advance(Duration step) {
            now = now.plus(step);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @Test
    void aBodyThatTakesLongerThanTheReadTimeoutIsAnswered408AndNeverReachesTheApplication() throws Exception {
        SteppingClock clock = new SteppingClock();
        byte[] body = "{\"sku\":\"A\",\"quantity\":1}".getBytes(StandardCharsets.UTF_8);
        // one byte per read, 2 s apart: 25 bytes take 50 s, past the 30 s allowed
        MockHttpServletRequest request = post(dribbling(body, clock, Duration.ofSeconds(2)), body.length);
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        filter(clock).doFilter(request, response, chain);

        assertThat(response.getStatus()).isEqualTo(408);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getHeader("Connection")).isEqualTo("close");
        assertThat(chain.getRequest()).as("the application never saw the request").isNull();
    }

    @Test
    void aBodyWithinTheReadTimeoutReachesTheApplicationWholeAndReadableAgain() throws Exception {
        SteppingClock clock = new SteppingClock();
        byte[] body = "{\"sku\":\"A\",\"quantity\":1}".getBytes(StandardCharsets.UTF_8);
        MockHttpServletRequest request = post(dribbling(body, clock, Duration.ofSeconds(1)), body.length);
        AtomicReference<String> seen = new AtomicReference<>();
        MockFilterChain chain = new MockFilterChain() {
            @Override
            public void doFilter(ServletRequest req, jakarta.servlet.ServletResponse res) throws IOException {
                seen.set(new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        };
        MockHttpServletResponse response = new MockHttpServletResponse();

        filter(clock).doFilter(request, response, chain);

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(seen.get()).isEqualTo(new String(body, StandardCharsets.UTF_8));
    }

    private static BodyBeforeAdmissionFilter filter(Clock clock) {
        return new BodyBeforeAdmissionFilter(SETTINGS, new ProblemResponses(JsonMapper.builder().build()), clock);
    }

    private static MockHttpServletRequest post(ServletInputStream body, int length) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/cart/items") {
            @Override
            public ServletInputStream getInputStream() {
                return body;
            }

            @Override
            public long getContentLengthLong() {
                return length;
            }
        };
        request.setContentType("application/json");
        return request;
    }

    private static ServletInputStream dribbling(byte[] body, SteppingClock clock, Duration perByte) {
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        return new ServletInputStream() {
            @Override
            public int read() {
                clock.advance(perByte);
                return in.read();
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                int b = read();
                if (b < 0) {
                    return -1;
                }
                buffer[offset] = (byte) b;
                return 1;
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
            }
        };
    }
}
