package dev.mercato.search.opensearch;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.mercato.search.internal.ProductDocument;

/**
 * A product's {@code _source}: what {@link IndexMapping} indexes and what a hit is read back from.
 * Component names become snake_case field names ({@code brandKey} is {@code brand_key}).
 *
 * @param brandKey      lowercased brand name and slug, so a filter may name the brand either way
 * @param categoryPaths the category and every ancestor, so a term query selects a whole subtree
 * @param price         in cents: exact integer ranges where a float would misplace 19.99
 * @param indexedAt     ISO instant with nanoseconds, for {@code deleteIndexedBefore}
 */
record IndexedProduct(
        long id,
        String slug,
        String title,
        String description,
        String brand,
        String brandSlug,
        List<String> brandKey,
        String category,
        List<String> categoryPaths,
        long price,
        String currency,
        BigDecimal rating,
        int reviewCount,
        boolean inStock,
        String imageUrl,
        String indexedAt) {

    static IndexedProduct of(ProductDocument document, Instant indexedAt) {
        return new IndexedProduct(document.id(), document.slug(), document.title(), document.description(),
                document.brand(), document.brandSlug(), brandKeys(document.brand(), document.brandSlug()),
                document.categoryPath(), withAncestors(document.categoryPath()), cents(document.price(), RoundingMode.HALF_UP),
                document.currency(), document.rating(), document.reviewCount(), document.inStock(),
                document.imageUrl(), indexedAt.toString());
    }

    ProductDocument document() {
        return new ProductDocument(id, slug, title, description, brand, brandSlug, category, BigDecimal.valueOf(price, 2),
                currency, rating, reviewCount, inStock, imageUrl);
    }

    static long cents(BigDecimal amount, RoundingMode rounding) {
        return amount.setScale(2, rounding).unscaledValue().longValueExact();
    }

    static String brandKey(String brandOrSlug) {
        return brandOrSlug.strip().toLowerCase(Locale.ROOT);
    }

    private static List<String> brandKeys(String brand, String brandSlug) {
        Set<String> keys = new LinkedHashSet<>();
        for (String value : new String[] {brand, brandSlug}) {
            if (value != null && !value.isBlank()) {
                keys.add(brandKey(value));
            }
        }
        return List.copyOf(keys);
    }

    private static List<String> withAncestors(String path) {
        List<String> paths = new ArrayList<>();
        if (path == null || path.isBlank()) {
            return paths;
        }
        int slash = -1;
        while ((slash = path.indexOf('/', slash + 1)) > 0) {
            paths.add(path.substring(0, slash));
        }
        paths.add(path);
        return paths;
    }
}
