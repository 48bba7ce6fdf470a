package dev.mercato.catalog;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonFormat;

/** A product page: everything a shopper needs to choose a variant. */
public record ProductDetails(
        String id,
        String slug,
        String title,
        String description,
        String brand,
        String category,
        Map<String, Object> attributes,
        List<String> media,
        BigDecimal rating,
        int reviewCount,
        boolean active,
        long version,
        Instant updatedAt,
        List<Variant> variants) {

    /** {@code available} is null while no inventory module reports stock. */
    public record Variant(
            String sku,
            String title,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal price,
            String currency,
            Map<String, Object> attributes,
            Long available) {
    }
}
