package dev.mercato.catalog;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonFormat;

/**
 * A product page: everything a shopper needs to choose a variant. As {@link Catalog#product} answers
 * it, it holds catalog data only ({@code available} null), so it changes only with
 * {@link ProductsChanged}; the web layer adds live stock with {@link #withAvailability}.
 */
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

    /**
     * The same page with each variant's {@code available} taken from {@code available} (units that can
     * be sold now, by SKU); a SKU missing from it has no stock record and shows 0.
     */
    public ProductDetails withAvailability(Map<String, Long> available) {
        List<Variant> shown = variants.stream().map(v -> new Variant(v.sku(), v.title(), v.price(), v.currency(),
                v.attributes(), available.getOrDefault(v.sku(), 0L))).toList();
        return new ProductDetails(id, slug, title, description, brand, category, attributes, media, rating, reviewCount,
                active, version, updatedAt, shown);
    }

    /** {@code available} is null where no inventory module reports stock. */
    public record Variant(
            String sku,
            String title,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal price,
            String currency,
            Map<String, Object> attributes,
            Long available) {
    }
}
