package dev.mercato.platform.ratelimit;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;

/**
 * Buckets held in this process. A bucket unused for longer than the longest refill period is full
 * again, so it is dropped from memory then and recreated on demand.
 */
final class LocalBuckets implements BucketStore {

    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .maximumSize(1_000_000)
            .expireAfterAccess(Duration.ofMinutes(15))
            .build();

    @Override
    public ConsumptionProbe tryConsume(String key, BucketConfiguration configuration) {
        return buckets.get(key, ignored -> Bucket.builder()
                .addLimit(configuration.getBandwidths()[0])
                .build()).tryConsumeAndReturnRemaining(1);
    }
}
