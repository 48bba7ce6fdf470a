package dev.mercato.platform.cache;

import java.util.Collection;
import java.util.Map;
import java.util.function.Function;

/**
 * One named cache-aside region: values of one type under string keys. Reads go to the process's own
 * tier first, then to Redis when one is configured, then to the loader (the database).
 *
 * <p>Contract: {@link #get} runs at most one loader per key at a time in this process, and with
 * Redis at most one across nodes while the winner finishes within the lock's wait; a loader that
 * answers null means "nothing here" and nothing is cached. Invalidation is the way entries leave:
 * {@link #invalidate} drops the key here at once and, with Redis, from Redis and on every other node
 * as soon as its message arrives; the TTL ({@code mercato.cache.ttl}) is only a safety net. A Redis
 * failure never reaches the caller: the read is answered by the loader, and the failure is logged
 * and counted ({@code cache_errors_total{region}}). Entries are never written through; the cached
 * value is what the loader returned, so it must be immutable.
 */
public interface CacheRegion<V> {

    /** The cached value, or the loader's answer (cached unless null). Loader exceptions propagate, nothing is cached. */
    V get(String key, Function<String, V> loader);

    /**
     * The value this process holds for the key, without loading, without asking Redis and without
     * waiting for a load under way; null when there is none or when a {@link #get} now would not answer
     * from this process's tier (cache disabled or bypassed, or this node cut off from the
     * invalidations). For answering a read from memory only when that is what {@link #get} would do.
     */
    V peek(String key);

    /**
     * Like {@link #get} for many keys: the keys not cached are loaded in one call of {@code loader},
     * which answers the values it found (keys it leaves out are absent from the answer and not cached).
     * Bulk loads are not deduplicated against concurrent single loads.
     */
    Map<String, V> getAll(Collection<String> keys, Function<Collection<String>, Map<String, V>> loader);

    /** Drops the key here now, from Redis and on the other nodes. Call it after the change committed (see {@link AfterCommit}). */
    void invalidate(String key);

    /** Drops every entry of the region, here, in Redis and on the other nodes. */
    void invalidateAll();
}
