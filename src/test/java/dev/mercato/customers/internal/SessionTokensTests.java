package dev.mercato.customers.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.mercato.platform.security.Caller;

import static org.assertj.core.api.Assertions.assertThat;

class SessionTokensTests {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-02T10:00:00Z"));
    private final Instant expiresAt = clock.instant().plusSeconds(10);
    private final AtomicInteger lookups = new AtomicInteger();
    private final Sessions sessions = new Sessions(null) {
        @Override
        Optional<LiveSession> findLive(byte[] tokenHash, Instant now) {
            lookups.incrementAndGet();
            return now.isBefore(expiresAt)
                    ? Optional.of(new LiveSession(new Caller(UUID.randomUUID(), null, Set.of(Caller.ROLE_GUEST)), expiresAt))
                    : Optional.empty();
        }
    };
    private final SessionTokens tokens = new SessionTokens(sessions, clock, new CustomersSettings(Duration.ofDays(30), Duration.ofSeconds(30)));

    @Test
    void aCachedTokenIsRefusedFromTheInstantItsSessionExpires() {
        assertThat(tokens.resolve("mrc_token")).isPresent();
        clock.advance(Duration.ofSeconds(9));
        assertThat(tokens.resolve("mrc_token")).as("still live, and answered from memory").isPresent();
        assertThat(lookups).hasValue(1);

        clock.advance(Duration.ofSeconds(1));

        assertThat(tokens.resolve("mrc_token")).as("expired, though the cache entry is only 10 s old").isEmpty();
    }

    static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
