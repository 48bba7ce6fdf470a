package dev.mercato.platform.ratelimit;

import java.time.Duration;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buckets in Redis ({@code mercato:rate-limit:<route>:<key>}), shared by every node, so a client
 * spread over n nodes gets the limit once, not n times. Bucket4j's compare-and-swap proxies keep
 * the state in one value per bucket; a key expires when its bucket would be full again.
 *
 * <p>Redis failing (down, slow past {@code timeout}) must never refuse or fail a request: that
 * request is counted in this node's own buckets instead ({@code fallback}), the first failure of
 * an outage is logged, each one counted in {@code rate_limit_redis_fallbacks_total}. During an
 * outage a client spread over n nodes gets up to n times the limit, as without Redis. Commands are
 * refused while disconnected instead of queued, so an outage costs each request one failed
 * command, not a timeout.
 */
final class RedisBuckets implements BucketStore {

    private static final Logger log = LoggerFactory.getLogger(RedisBuckets.class);

    private final RedisClient client;
    private final StatefulRedisConnection<String, byte[]> connection;
    private final ProxyManager<String> proxies;
    private final BucketStore fallback;
    private final Counter fallbacks;
    private volatile boolean failing;

    /** Connects now: a configured Redis that cannot be reached at startup is a configuration error. */
    RedisBuckets(String url, Duration timeout, BucketStore fallback, MeterRegistry registry) {
        this.fallback = fallback;
        this.fallbacks = Counter.builder("rate_limit_redis_fallbacks_total")
                .description("rate-limit decisions taken by this node's own buckets because Redis failed")
                .register(registry);
        this.client = RedisClient.create(RedisURI.create(url));
        client.setOptions(ClientOptions.builder().autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout)).build());
        this.connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        connection.setTimeout(timeout);
        this.proxies = Bucket4jLettuce.casBasedBuilder(connection)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(1)))
                .requestTimeout(timeout)
                .build();
    }

    @Override
    public ConsumptionProbe tryConsume(String key, BucketConfiguration configuration) {
        try {
            ConsumptionProbe probe = proxies.getProxy("mercato:rate-limit:" + key, () -> configuration).tryConsumeAndReturnRemaining(1);
            if (failing) {
                failing = false;
                log.info("rate limits: Redis answers again, buckets are shared across nodes again");
            }
            return probe;
        } catch (RuntimeException e) {
            fallbacks.increment();
            if (!failing) {
                failing = true;
                log.warn("rate limits: Redis failed ({}), counting in this node's own buckets until it answers again",
                        e.getClass().getSimpleName());
            }
            return fallback.tryConsume(key, configuration);
        }
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
