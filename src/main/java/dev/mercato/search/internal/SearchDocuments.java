package dev.mercato.search.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import dev.mercato.catalog.SearchableProduct;
import dev.mercato.catalog.StockLevels;

/** Builds index documents from catalog products, asking inventory what is in stock (one call per batch). */
@Component
class SearchDocuments {

    private final ObjectProvider<StockLevels> stock;

    SearchDocuments(ObjectProvider<StockLevels> stock) {
        this.stock = stock;
    }

    List<ProductDocument> of(Collection<SearchableProduct> products) {
        Map<String, Long> available = available(products.stream().flatMap(p -> p.skus().stream()).toList());
        return products.stream().map(p -> document(p, p.skus().stream().anyMatch(sku -> available.getOrDefault(sku, 0L) > 0))).toList();
    }

    private Map<String, Long> available(List<String> skus) {
        StockLevels levels = stock.getIfAvailable();
        return levels == null || skus.isEmpty() ? Map.of() : levels.available(skus);
    }

    private static ProductDocument document(SearchableProduct p, boolean inStock) {
        return new ProductDocument(p.id().value(), p.slug(), p.title(), p.description(), p.brand(), p.brandSlug(),
                p.categoryPath(), p.price(), p.currency(), p.rating(), p.reviewCount(), inStock, p.imageUrl());
    }
}
