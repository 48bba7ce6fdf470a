package dev.mercato.search.internal;

import java.math.BigDecimal;

import dev.mercato.catalog.ProductSummary;

/**
 * What the index keeps of a product: the searchable text, the filter and ranking values, and
 * everything a result line shows, so a query never goes back to the database.
 *
 * @param price   lowest active variant price
 * @param rating  average rating 0-5, null when the product has none yet
 * @param inStock at least one of its SKUs can be sold now
 */
public record ProductDocument(
        long id,
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
        boolean inStock,
        String imageUrl) {

    public ProductSummary summary() {
        return new ProductSummary(Long.toString(id), slug, title, brand, categoryPath, price, currency, rating, reviewCount, inStock, imageUrl);
    }
}
