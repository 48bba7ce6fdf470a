package dev.mercato.platform.web;

import java.time.Duration;

import org.springframework.http.HttpStatus;

/** A refusal for going too fast: 429 problem {@code rate-limited} with {@code Retry-After} in whole seconds. */
public class RateLimitedException extends ProblemException {

    private final Duration retryAfter;

    public RateLimitedException(String detail, Duration retryAfter) {
        super(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests", detail);
        this.retryAfter = retryAfter;
        with("retryAfterSeconds", retryAfterSeconds());
    }

    public long retryAfterSeconds() {
        // rounded up: a client that waits exactly this long must not be refused again
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
