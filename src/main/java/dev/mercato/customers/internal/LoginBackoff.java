package dev.mercato.customers.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.stereotype.Component;

import dev.mercato.platform.ratelimit.RateLimitSettings;
import dev.mercato.platform.ratelimit.RateLimiter;
import dev.mercato.platform.web.RateLimitedException;

/**
 * Exponential back-off after repeated wrong passwords, per account AND client address: a guesser
 * waits 1 s, 2 s, 4 s ... (up to 15 min) between tries at one account, while the account's owner,
 * coming from another address, logs in as usual, so nobody can lock a customer out by failing on
 * purpose. Guessing across many accounts from one address is the per-address login limit's job.
 * The wait is checked before the password, so a guess during it costs nothing and reveals nothing.
 */
@Component
class LoginBackoff {

    private final RateLimiter limiter;
    private final RateLimitSettings.Backoff rule;
    private final Clock clock;
    private final Cache<String, Failures> failures;

    LoginBackoff(RateLimiter limiter, Clock clock) {
        this.limiter = limiter;
        this.rule = limiter.settings().loginBackoff();
        this.clock = clock;
        this.failures = Caffeine.newBuilder().maximumSize(1_000_000).expireAfterWrite(rule.longestWait().multipliedBy(2)).build();
    }

    private record Failures(int count, Instant waitUntil) {
    }

    void check(String email, String address) {
        if (!limiter.settings().enabled()) {
            return;
        }
        Failures known = failures.getIfPresent(key(email, address));
        Instant now = clock.instant();
        if (known != null && now.isBefore(known.waitUntil())) {
            limiter.refused("login");
            throw new RateLimitedException("Too many wrong passwords for this account; wait before trying again",
                    Duration.between(now, known.waitUntil()));
        }
    }

    void failed(String email, String address) {
        Instant now = clock.instant();
        failures.asMap().compute(key(email, address), (key, known) -> {
            int count = known == null ? 1 : known.count() + 1;
            return new Failures(count, now.plus(waitAfter(count)));
        });
    }

    void succeeded(String email, String address) {
        failures.invalidate(key(email, address));
    }

    private Duration waitAfter(int failures) {
        int past = failures - rule.freeFailures();
        if (past <= 0) {
            return Duration.ZERO;
        }
        // 2^(past-1) first waits, without overflowing before the cap applies
        Duration wait = rule.firstWait().multipliedBy(1L << Math.min(past - 1, 30));
        return wait.compareTo(rule.longestWait()) > 0 ? rule.longestWait() : wait;
    }

    private static String key(String email, String address) {
        return email + '\u0000' + address;
    }
}
