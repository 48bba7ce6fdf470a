package dev.mercato.platform.ratelimit;

import java.time.Duration;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.mercato.platform.cache.CacheSettings;
import dev.mercato.platform.web.RateLimitedException;

/**
 * Token buckets (Bucket4j) per route and key. With Redis configured ({@code mercato.cache.redis.url},
 * the cache's Redis) they live there and every node shares them ({@link RedisBuckets}, which falls
 * back to this node's own buckets while Redis fails); without it, in this process ({@link LocalBuckets}).
 */
@Component
public class RateLimiter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);

    private final RateLimitSettings settings;
    private final MeterRegistry registry;
    private final BucketStore buckets;

    RateLimiter(RateLimitSettings settings, CacheSettings cache, MeterRegistry registry) {
        this.settings = settings;
        this.registry = registry;
        this.buckets = settings.enabled() && cache.redis().configured()
                ? new RedisBuckets(cache.redis().url(), cache.redis().timeout(), new LocalBuckets(), registry)
                : new LocalBuckets();
        if (settings.enabled()) {
            log.info("rate limits: buckets {}", buckets instanceof RedisBuckets ? "in Redis, shared by every node" : "in this process");
        }
    }

    /** Takes one token from the route's bucket for this key, or throws a 429 problem. */
    public void acquire(String route, RateLimitSettings.Limit limit, String key) {
        if (!settings.enabled()) {
            return;
        }
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(limit.capacity()).refillGreedy(limit.capacity(), limit.period()).build())
                .build();
        ConsumptionProbe probe = buckets.tryConsume(route + ':' + key, configuration);
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

    @Override
    public void close() {
        buckets.close();
    }
}
