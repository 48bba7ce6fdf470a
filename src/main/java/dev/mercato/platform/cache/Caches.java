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
}
