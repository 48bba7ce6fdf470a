package dev.mercato.inventory.web;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import dev.mercato.inventory.internal.CachedAvailability;
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

    private final CachedAvailability availability;
    private final JsonMapper json;

    AvailabilityBodies(CachedAvailability availability, JsonMapper json) {
        this.availability = availability;
        this.json = json;
    }

    byte[] of(String sku, long units) {
        return json.writeValueAsBytes(new Availability(sku, units));
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
