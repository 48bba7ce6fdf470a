package dev.mercato.platform.cache;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A region over Caffeine and, when configured, Redis. Caffeine's {@code get(key, loader)} is the
 * in-process single flight: concurrent readers of a cold key wait for the one load, and an
 * invalidation that arrives during a load waits for it and then drops its result, so a load that
 * read the row before a commit is not kept.
 */
final class TwoTierRegion<V> implements CacheRegion<V> {

    private static final Logger log = LoggerFactory.getLogger(TwoTierRegion.class);
    private static final long LOG_EVERY_NANOS = 10_000_000_000L;

    private final String name;
    private final Class<V> type;
    private final Cache<String, V> local;
    private final RedisTier redis;
    private final Counter errors;
    private final Counter sharedHits;
    private volatile long lastLogged;

    TwoTierRegion(String name, Class<V> type, Cache<String, V> local, RedisTier redis, MeterRegistry meters) {
        this.name = name;
        this.type = type;
        this.local = local;
        this.redis = redis;
        this.errors = Counter.builder("cache.errors").tag("region", name)
                .description("Redis commands of the cache that failed; the read was answered from the loader").register(meters);
        this.sharedHits = Counter.builder("cache.redis.hits").tag("region", name)
                .description("in-process misses answered by Redis").register(meters);
    }

    @Override
    public V get(String key, Function<String, V> loader) {
        if (redis == null) {
            return local.get(key, loader);
        }
        return local.get(key, k -> redis.load(name, k, type, loader, this::failed, sharedHits::increment));
    }

    @Override
    public Map<String, V> getAll(Collection<String> keys, Function<Collection<String>, Map<String, V>> loader) {
        return local.getAll(keys, missing -> loadAll(Set.copyOf(missing), loader));
    }

    private Map<String, V> loadAll(Set<String> missing, Function<Collection<String>, Map<String, V>> loader) {
        if (redis == null) {
            return loader.apply(missing);
        }
        Map<String, V> found = new LinkedHashMap<>();
        try {
            found.putAll(redis.loadAll(name, missing, type));
        } catch (RuntimeException e) {
            failed("read", e);
        }
        Set<String> still = new java.util.HashSet<>(missing);
        still.removeAll(found.keySet());
        if (still.isEmpty()) {
            return found;
        }
        Map<String, V> loaded = loader.apply(still);
        try {
            redis.storeAll(name, loaded);
        } catch (RuntimeException e) {
            failed("write", e);
        }
        found.putAll(loaded);
        return found;
    }

    @Override
    public void invalidate(String key) {
        local.invalidate(key);
        if (redis != null) {
            try {
                redis.invalidate(name, key);
            } catch (RuntimeException e) {
                failed("invalidate", e);
            }
        }
    }

    @Override
    public void invalidateAll() {
        local.invalidateAll();
        if (redis != null) {
            try {
                redis.invalidateAll(name);
            } catch (RuntimeException e) {
                failed("invalidate", e);
            }
        }
    }

    /** What another node's message asks: drop it here only. */
    void dropLocally(String key) {
        if (key == null) {
            local.invalidateAll();
        } else {
            local.invalidate(key);
        }
    }

    private void failed(String operation, RuntimeException e) {
        errors.increment();
        long now = System.nanoTime();
        // an outage fails every read: one line per region every ten seconds says so without flooding the log
        if (now - lastLogged > LOG_EVERY_NANOS || lastLogged == 0) {
            lastLogged = now;
            log.warn("cache region {}: Redis {} failed, answering from the database ({} failures so far): {}", name, operation,
                    (long) errors.count(), e.toString());
        }
    }
}
