package dev.mercato.inventory.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import dev.mercato.inventory.internal.CachedAvailability;
import dev.mercato.platform.cache.CacheSettings;
import dev.mercato.platform.cache.Caches;
import dev.mercato.platform.web.CachedAnswer;
import dev.mercato.platform.web.CachedReads;

/**
 * The availability answer's bytes, for {@link AvailabilityController} and for an anonymous cache hit
 * ({@link CachedReads}): the same writer for both, so the two answers are the same bytes. Only SKUs
 * the controller accepts are taken here, spelt with characters that need no decoding.
 */
@Component
class AvailabilityBodies implements CachedReads {

    private static final String PREFIX = "/api/availability/";
    private static final String ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    /** What a SKU is made of (ProductDraft's pattern): it starts with a letter or digit, so never a dot segment. */
    private static final String ALLOWED = ALNUM + "._-";

    record Availability(String sku, long available) {
    }

    /** A SKU's body as last written, kept while its units are the same (writing it was most of a cached read's CPU). */
    private record Written(long units, byte[] body) {
    }

    private final CachedAvailability availability;
    private final JsonMapper json;
    private final Cache<String, Written> written;
    private final Caches caches;

    AvailabilityBodies(CachedAvailability availability, JsonMapper json, CacheSettings settings, Caches caches) {
        this.availability = availability;
        this.caches = caches;
        this.json = json;
        this.written = Caffeine.newBuilder().maximumSize(settings.maximumSize()).build();
    }

    byte[] of(String sku, long units) {
        if (caches.bypassed()) { // the uncached benchmark writes every answer
            return json.writeValueAsBytes(new Availability(sku, units));
        }
        Written last = written.getIfPresent(sku);
        if (last != null && last.units() == units) {
            return last.body();
        }
        byte[] body = json.writeValueAsBytes(new Availability(sku, units));
        written.put(sku, new Written(units, body));
        return body;
    }

    @Override
    public CachedAnswer find(String path, String query) {
        if (query != null || !path.startsWith(PREFIX) || path.length() == PREFIX.length() || path.length() > PREFIX.length() + 64) {
            return null;
        }
        String sku = path.substring(PREFIX.length());
        if (ALNUM.indexOf(sku.charAt(0)) < 0) {
            return null;
        }
        for (int i = 1; i < sku.length(); i++) {
            if (ALLOWED.indexOf(sku.charAt(i)) < 0) {
                return null;
            }
        }
        Long units = availability.cached(sku);
        return units == null ? null : new CachedAnswer("/api/availability/{sku}", MediaType.APPLICATION_JSON_VALUE, null, null, of(sku, units));
    }
}
