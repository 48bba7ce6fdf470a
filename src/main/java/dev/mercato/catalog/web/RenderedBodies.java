package dev.mercato.catalog.web;

import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.stereotype.Component;

import dev.mercato.platform.cache.Caches;

/**
 * The JSON bytes of composed catalog answers, by their strong ETag, in this process only. An ETag
 * is a digest of everything the body is made of (catalog data and stock), so equal ETags mean equal
 * bytes: an entry can never be stale and needs no invalidation, and a hot page is serialized once
 * per change instead of once per read. Bounded by weight; a dropped entry is rendered again.
 * Bypassed with the caches ({@link Caches#bypass}), so the uncached benchmark renders every answer.
 */
@Component
class RenderedBodies {

    private static final long MAX_BYTES = 64L * 1024 * 1024;

    private final Caches caches;
    private final Cache<String, byte[]> bodies = Caffeine.newBuilder()
            .maximumWeight(MAX_BYTES)
            .weigher((String etag, byte[] body) -> etag.length() + body.length)
            .build();

    RenderedBodies(Caches caches) {
        this.caches = caches;
    }

    /** The body for this ETag, rendered now if this process has not kept it. */
    byte[] of(String etag, Supplier<byte[]> render) {
        if (caches.bypassed()) {
            return render.get();
        }
        return bodies.get(etag, e -> render.get());
    }
}
