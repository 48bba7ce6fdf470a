/**
 * The two-tier cache port ({@link dev.mercato.platform.cache.Caches}): Caffeine in process, Redis
 * shared when {@code mercato.cache.redis.url} is set, invalidation broadcast by Redis pub/sub.
 * Modules own what they cache and invalidate it from their own events, after commit
 * ({@link dev.mercato.platform.cache.AfterCommit}).
 */
package dev.mercato.platform.cache;
