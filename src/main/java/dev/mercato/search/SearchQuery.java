package dev.mercato.search;

import java.math.BigDecimal;
import java.util.List;

/**
 * What a shopper asked for. Every filter is optional (null or empty: not applied).
 *
 * @param text         free text; blank matches every active product (ranked by the business boosts)
 * @param categoryPath the category and all its descendants, e.g. {@code home/lighting}
 * @param brands       any of these brands (names or slugs, case-insensitive)
 * @param minPrice     lowest price, inclusive
 * @param maxPrice     highest price, inclusive
 * @param minRating    lowest average rating, inclusive (0-5)
 * @param inStockOnly  only products with at least one SKU that can be sold now
 * @param page         zero-based page of {@link ProductSearch#PAGE_SIZE} results
 */
public record SearchQuery(
        String text,
        String categoryPath,
        List<String> brands,
        BigDecimal minPrice,
        BigDecimal maxPrice,
        BigDecimal minRating,
        boolean inStockOnly,
        int page) {

    public SearchQuery {
        text = text == null ? "" : text.strip();
        categoryPath = categoryPath == null || categoryPath.isBlank() ? null : categoryPath.strip();
        brands = brands == null ? List.of() : brands.stream().filter(b -> b != null && !b.isBlank()).map(String::strip).toList();
        if (page < 0) {
            throw new IllegalArgumentException("page must not be negative");
        }
    }

    public static SearchQuery text(String text) {
        return new SearchQuery(text, null, List.of(), null, null, null, false, 0);
    }

    public SearchQuery withBrands(List<String> brands) {
        return new SearchQuery(text, categoryPath, brands, minPrice, maxPrice, minRating, inStockOnly, page);
    }

    public SearchQuery withCategory(String categoryPath) {
        return new SearchQuery(text, categoryPath, brands, minPrice, maxPrice, minRating, inStockOnly, page);
    }

    public SearchQuery withPrice(BigDecimal minPrice, BigDecimal maxPrice) {
        return new SearchQuery(text, categoryPath, brands, minPrice, maxPrice, minRating, inStockOnly, page);
    }

    public SearchQuery withMinRating(BigDecimal minRating) {
        return new SearchQuery(text, categoryPath, brands, minPrice, maxPrice, minRating, inStockOnly, page);
    }

    public SearchQuery withInStockOnly(boolean inStockOnly) {
        return new SearchQuery(text, categoryPath, brands, minPrice, maxPrice, minRating, inStockOnly, page);
    }

    public SearchQuery withPage(int page) {
        return new SearchQuery(text, categoryPath, brands, minPrice, maxPrice, minRating, inStockOnly, page);
    }

    /** False when the shopper typed nothing: every product passing the filters matches, ranked by the business boosts alone. */
    public boolean hasText() {
        return !text.isEmpty();
    }
}
