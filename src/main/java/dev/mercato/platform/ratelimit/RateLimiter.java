package dev.mercato.platform.ratelimit;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import dev.mercato.platform.web.RateLimitedException;

/**
 * Token buckets (Bucket4j) per route and key, held in this process. A bucket unused for longer
 * than its refill period is full again, so it is dropped from memory then and recreated on demand.
 * Several nodes each keep their own buckets: a client spread over n nodes gets up to n times the
 * limit until a Redis-backed store shares them (the cache issue's Redis connection).
 */
@Component
public class RateLimiter {

    private final RateLimitSettings settings;
    private final MeterRegistry registry;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .maximumSize(1_000_000)
            .expireAfterAccess(Duration.ofMinutes(15))
            .build();

    RateLimiter(RateLimitSettings settings, MeterRegistry registry) {
        this.settings = settings;
        this.registry = registry;
    }

    /** Takes one token from the route's bucket for this key, or throws a 429 problem. */
    public void acquire(String route, RateLimitSettings.Limit limit, String key) {
        if (!settings.enabled()) {
            return;
        }
        Bucket bucket = buckets.get(route + '\u0000' + key, ignored -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(limit.capacity()).refillGreedy(limit.capacity(), limit.period()).build())
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            refused(route);
            throw new RateLimitedException("Too many requests to " + route + "; try again later",
                    Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }
    }

    /** Counts a refusal decided elsewhere (the login back-off) under the same metric. */
    public void refused(String route) {
        Counter.builder("rate_limited_total").description("requests refused with 429 by a rate limit")
                .tag("route", route).register(registry).increment();
    }

    public RateLimitSettings settings() {
        return settings;
    }
}
