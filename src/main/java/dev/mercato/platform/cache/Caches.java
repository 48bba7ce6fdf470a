package dev.mercato.platform.cache;

/**
 * The cache port: named regions ({@link CacheRegion}) over one two-tier store. Asking twice for a name
 * answers the same region, so a module's reader and its invalidation listener may ask separately.
 * With {@code mercato.cache.enabled=false} every region passes reads straight to the loader.
 */
public interface Caches {

    /**
     * @param name region name, part of every Redis key and of the metrics' {@code cache} tag
     * @param type the value type, for the Redis tier's JSON form; must round-trip through Jackson
     */
    <V> CacheRegion<V> region(String name, Class<V> type);

    /**
     * For measuring the uncached path in a running node (the benchmark's cached/uncached pair): while
     * on, every region's reads go straight to the loader and keep nothing. Invalidations still run, so
     * turning it off again serves nothing older than the last event.
     */
    void bypass(boolean bypass);

    /** Whether {@link #bypass} is on: caches a module keeps beside the regions (rendered bodies) follow it. */
    boolean bypassed();

    /**
     * Whether a value a loader returns now may be kept (false when the cache is disabled or bypassed). A
     * kept value must not come from a source that can be behind the event that invalidated its key,
     * such as a lagging read replica: it would then be served until the next event or the TTL.
     */
    boolean keeps();
}
