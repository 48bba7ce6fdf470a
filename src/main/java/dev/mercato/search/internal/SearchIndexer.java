package dev.mercato.search.internal;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import dev.mercato.catalog.Catalog;
import dev.mercato.catalog.ProductId;
import dev.mercato.catalog.ProductsChanged;
import dev.mercato.catalog.SearchableProduct;
import dev.mercato.catalog.SkuInfo;
import dev.mercato.inventory.StockChanged;

/**
 * Keeps the index in step with the catalog and stock. Events only name what changed; the current
 * state is re-read, so a late or repeated delivery writes the right document. A failed write leaves
 * the event publication incomplete, and the registry delivers it again (at the latest on restart).
 */
@Component
class SearchIndexer {

    private final Catalog catalog;
    private final SearchDocuments documents;
    private final ProductIndex index;

    SearchIndexer(Catalog catalog, SearchDocuments documents, ProductIndex index) {
        this.catalog = catalog;
        this.documents = documents;
        this.index = index;
    }

    @ApplicationModuleListener
    void on(ProductsChanged change) {
        refresh(change.productIds());
    }

    /** Price and availability are part of the document; the product of the SKU is written again. */
    @ApplicationModuleListener
    void on(StockChanged change) {
        catalog.sku(change.sku()).map(SkuInfo::productId).ifPresent(id -> refresh(List.of(id)));
    }

    void refresh(Collection<ProductId> ids) {
        List<SearchableProduct> found = catalog.searchable(ids);
        if (!found.isEmpty()) {
            index.upsert(documents.of(found));
        }
        Set<ProductId> searchable = found.stream().map(SearchableProduct::id).collect(Collectors.toSet());
        List<Long> gone = ids.stream().filter(id -> !searchable.contains(id)).map(ProductId::value).toList();
        if (!gone.isEmpty()) {
            index.delete(gone);
        }
    }
}
