package dev.mercato.platform.cache;

import java.util.Collection;
import java.util.Map;
import java.util.function.Function;

/** {@code mercato.cache.enabled=false}: every read is the loader's, nothing is kept. */
final class PassThroughRegion<V> implements CacheRegion<V> {

    @Override
    public V get(String key, Function<String, V> loader) {
        return loader.apply(key);
    }

    @Override
    public V peek(String key) {
        return null;
    }

    @Override
    public Map<String, V> getAll(Collection<String> keys, Function<Collection<String>, Map<String, V>> loader) {
        return loader.apply(keys);
    }

    @Override
    public void invalidate(String key) {
    }

    @Override
    public void invalidateAll() {
    }
}
