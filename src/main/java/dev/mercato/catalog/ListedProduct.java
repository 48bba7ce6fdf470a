package dev.mercato.catalog;

import java.util.List;
import java.util.Map;

/**
 * A product as lists show it, from catalog data alone: {@code summary.inStock} is null and
 * {@code skus} names the active variants whose stock decides it. A page of these changes only with
 * {@link ProductsChanged}, so it can be cached on that event; stock is composed in per read.
 */
public record ListedProduct(ProductSummary summary, List<String> skus) {

    public ListedProduct {
        skus = List.copyOf(skus);
    }

    /** The summary as shown: in stock when any active variant has a unit that can be sold (a SKU absent from the map has none). */
    public ProductSummary withStock(Map<String, Long> available) {
        ProductSummary s = summary;
        boolean inStock = skus.stream().anyMatch(sku -> available.getOrDefault(sku, 0L) > 0);
        return new ProductSummary(s.id(), s.slug(), s.title(), s.brand(), s.category(), s.price(), s.currency(), s.rating(),
                s.reviewCount(), inStock, s.imageUrl());
    }
}
