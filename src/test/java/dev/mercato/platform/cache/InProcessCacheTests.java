package dev.mercato.platform.cache;

/** The contract with Caffeine alone ({@code mercato.cache.redis.url} unset). */
class InProcessCacheTests extends CacheRegionContract {

    @Override
    protected String redisUrl() {
        return null;
    }
}
