package dev.mercato.platform.ratelimit;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;

/** Where the token buckets live: in this process, or in Redis shared by every node. */
interface BucketStore extends AutoCloseable {

    /** Takes one token from the bucket under {@code key}, creating it with {@code configuration} when new. */
    ConsumptionProbe tryConsume(String key, BucketConfiguration configuration);

    @Override
    default void close() {
    }
}
