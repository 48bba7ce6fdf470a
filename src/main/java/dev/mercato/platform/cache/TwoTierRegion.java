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
 * read the row before a commit is not kept. Bulk loads get no such help from Caffeine, so they note
 * the region's invalidation count before loading and take back what they stored if it moved.
 *
 * <p>With Redis: while this node cannot hear invalidations ({@link RedisTier#listening()} false) every
 * read goes to the loader, since any entry held here might be one another node changed; while one of
 * this node's own invalidations waits to be re-sent ({@link RedisTier#consistent()} false) reads skip
 * Redis, whose copy may be the stale one. Both count in {@code cache_errors_total}.
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
    private final java.util.function.BooleanSupplier bypassed;
    private final java.util.concurrent.atomic.AtomicLong invalidations = new java.util.concurrent.atomic.AtomicLong();
    private volatile long lastLogged;

    TwoTierRegion(String name, Class<V> type, Cache<String, V> local, RedisTier redis, MeterRegistry meters,
            java.util.function.BooleanSupplier bypassed) {
        this.name = name;
        this.bypassed = bypassed;
        this.type = type;
        this.local = local;
        this.redis = redis;
        this.errors = Counter.builder("cache.errors").tag("region", name)
                .description("Redis commands of the cache that failed, and reads that skipped a tier while Redis was unreachable or "
                        + "an invalidation waited to be re-sent; the read was answered from the loader").register(meters);
        this.sharedHits = Counter.builder("cache.redis.hits").tag("region", name)
                .description("in-process misses answered by Redis").register(meters);
    }

    @Override
    public V get(String key, Function<String, V> loader) {
        if (bypassed.getAsBoolean()) {
            return loader.apply(key);
        }
        if (redis == null) {
            return local.get(key, loader);
        }
        if (!redis.listening()) {
            failed("listen", null);
            return loader.apply(key);
        }
        if (!redis.consistent()) {
            failed("resend", null);
            return local.get(key, loader);
        }
        return local.get(key, k -> redis.load(name, k, type, loader, this::failed, sharedHits::increment));
    }

    @Override
    public V peek(String key) {
        if (bypassed.getAsBoolean() || (redis != null && !redis.listening())) {
            return null;
        }
        return local.getIfPresent(key);
    }

    @Override
    public Map<String, V> getAll(Collection<String> keys, Function<Collection<String>, Map<String, V>> loader) {
        if (bypassed.getAsBoolean()) {
            return loader.apply(keys);
        }
        if (redis != null && !redis.listening()) {
            failed("listen", null);
            return loader.apply(keys);
        }
        Map<String, V> found = new LinkedHashMap<>(local.getAllPresent(keys));
        if (found.size() == keys.size()) {
            return found;
        }
        Set<String> missing = new java.util.HashSet<>(keys);
        missing.removeAll(found.keySet());
        long seen = invalidations.get();
        Map<String, V> loaded = loadAll(missing, loader);
        local.putAll(loaded);
        if (invalidations.get() != seen) {
            // an invalidation ran while we loaded: what we stored may predate it, so it goes again
            local.invalidateAll(loaded.keySet());
        }
        found.putAll(loaded);
        return found;
    }

    private Map<String, V> loadAll(Set<String> missing, Function<Collection<String>, Map<String, V>> loader) {
        if (redis == null || !redis.consistent()) {
            if (redis != null) {
                failed("resend", null);
            }
            return loader.apply(missing);
        }
        Map<String, V> found = new LinkedHashMap<>();
        RedisTier.Bulk<V> seen = null;
        try {
            seen = redis.loadAll(name, missing, type);
            found.putAll(seen.values());
            if (!seen.values().isEmpty()) {
                sharedHits.increment(seen.values().size());
            }
        } catch (RuntimeException e) {
            failed("read", e);
        }
        Set<String> still = new java.util.HashSet<>(missing);
        still.removeAll(found.keySet());
        if (still.isEmpty()) {
            return found;
        }
        Map<String, V> loaded = loader.apply(still);
        if (seen != null) {
            try {
                redis.storeAll(name, loaded, seen);
            } catch (RuntimeException e) {
                failed("write", e);
            }
        }
        found.putAll(loaded);
        return found;
    }

    @Override
    public void invalidate(String key) {
        invalidations.incrementAndGet();
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
        invalidations.incrementAndGet();
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
        invalidations.incrementAndGet();
        if (key == null) {
            local.invalidateAll();
        } else {
            local.invalidate(key);
        }
    }

    private static String reason(String operation) {
        return operation.equals("listen") ? "the invalidation channel is cut, so no entry can be trusted"
                : "an invalidation of this node's waits to be re-sent, so the shared copy may be stale";
    }

    private void failed(String operation, RuntimeException e) {
        errors.increment();
        long now = System.nanoTime();
        // an outage fails every read: one line per region every ten seconds says so without flooding the log
        if (now - lastLogged > LOG_EVERY_NANOS || lastLogged == 0) {
            lastLogged = now;
            log.warn("cache region {}: Redis {} failed, answering from the database ({} failures so far): {}", name, operation,
                    (long) errors.count(), e == null ? reason(operation) : e.toString());
        }
    }
}
