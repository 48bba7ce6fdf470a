package dev.mercato.platform.cache;

import java.util.concurrent.ConcurrentHashMap;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The {@link Caches} of this process: a Caffeine cache per region (statistics bound to Micrometer as
 * {@code cache_gets_total{cache,result}}), all regions sharing one {@link RedisTier} when
 * {@code mercato.cache.redis.url} is set. Invalidations other nodes broadcast are applied to the
 * named region here; a reconnect to Redis drops every local entry, since messages sent while the
 * node was cut off are lost.
 */
@Component
final class TwoTierCaches implements Caches, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(TwoTierCaches.class);

    private final CacheSettings settings;
    private final MeterRegistry meters;
    private final RedisTier redis;
    private final ConcurrentHashMap<String, Named<?>> regions = new ConcurrentHashMap<>();
    private volatile boolean bypassed;

    private record Named<V>(Class<V> type, CacheRegion<V> region) {
    }

    TwoTierCaches(CacheSettings settings, MeterRegistry meters) {
        this.settings = settings;
        this.meters = meters;
        this.redis = settings.enabled() && settings.redis().configured()
                ? new RedisTier(settings, this::heard, this::dropAllLocally)
                : null;
        log.info("cache: {}", !settings.enabled() ? "disabled" : redis == null ? "in process only" : "in process and Redis");
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> CacheRegion<V> region(String name, Class<V> type) {
        Named<?> named = regions.computeIfAbsent(name, n -> new Named<>(type, create(n, type)));
        if (!named.type().equals(type)) {
            throw new IllegalArgumentException("cache region " + name + " holds " + named.type().getName() + ", not " + type.getName());
        }
        return (CacheRegion<V>) named.region();
    }

    private <V> CacheRegion<V> create(String name, Class<V> type) {
        if (!settings.enabled()) {
            return new PassThroughRegion<>();
        }
        com.github.benmanes.caffeine.cache.Cache<String, V> local = Caffeine.newBuilder()
                .maximumSize(settings.maximumSize())
                .expireAfterWrite(settings.ttl())
                .recordStats()
                .build();
        CaffeineCacheMetrics.monitor(meters, local, name);
        return new TwoTierRegion<>(name, type, local, redis, meters, () -> bypassed);
    }

    @Override
    public boolean bypassed() {
        return bypassed;
    }

    @Override
    public boolean keeps() {
        return settings.enabled() && !bypassed;
    }

    @Override
    public void bypass(boolean bypass) {
        this.bypassed = bypass;
        log.info("cache: reads {}", bypass ? "bypass every region (measuring the uncached path)" : "use the regions again");
    }

    private void heard(RedisTier.Invalidation invalidation) {
        Named<?> named = regions.get(invalidation.region());
        if (named != null && named.region() instanceof TwoTierRegion<?> region) {
            region.dropLocally(invalidation.key());
        }
    }

    private void dropAllLocally() {
        regions.values().forEach(named -> {
            if (named.region() instanceof TwoTierRegion<?> region) {
                region.dropLocally(null);
            }
        });
    }

    @Override
    public void destroy() {
        if (redis != null) {
            redis.close();
        }
    }
}
