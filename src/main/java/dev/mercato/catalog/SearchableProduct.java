package dev.mercato.catalog;

import java.math.BigDecimal;
import java.util.List;

/**
 * An active product with at least one active variant, as a search index needs it.
 *
 * @param price lowest active variant price
 * @param skus  its active variants, for asking what is in stock
 */
public record SearchableProduct(
        ProductId id,
        String slug,
        String title,
        String description,
        String brand,
        String brandSlug,
        String categoryPath,
        BigDecimal price,
        String currency,
        BigDecimal rating,
        int reviewCount,
        String imageUrl,
        List<String> skus) {

    public SearchableProduct {
        skus = List.copyOf(skus);
    }
}
