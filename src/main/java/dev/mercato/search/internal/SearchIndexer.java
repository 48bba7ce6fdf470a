package dev.mercato.search.internal;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

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
 *
 * <p>Unlike most listeners these run without a transaction of their own: their reads are single
 * statements, and an index write (a Lucene commit, an OpenSearch round trip) must not hold a pooled
 * connection. A burst of stock events during a sale would otherwise take the whole pool.
 *
 * <p>While a reindex runs, the products refreshed here are noted: the reindex may have read one of
 * them before the change and write that older state over the fresh document, so it refreshes the
 * noted ones again when it has written everything ({@link #refreshNotedSince}).
 */
@Component
class SearchIndexer {

    private final Catalog catalog;
    private final SearchDocuments documents;
    private final ProductIndex index;
    /** Products refreshed since a reindex began; null while none runs. */
    private final AtomicReference<Set<ProductId>> noted = new AtomicReference<>();

    SearchIndexer(Catalog catalog, SearchDocuments documents, ProductIndex index) {
        this.catalog = catalog;
        this.documents = documents;
        this.index = index;
    }

    @Async
    @TransactionalEventListener
    void on(ProductsChanged change) {
        refresh(change.productIds());
    }

    /** Price and availability are part of the document; the product of the SKU is written again. */
    @Async
    @TransactionalEventListener
    void on(StockChanged change) {
        catalog.sku(change.sku()).map(SkuInfo::productId).ifPresent(id -> refresh(List.of(id)));
    }

    /** Starts noting refreshed products, for a reindex that begins now. */
    void noteRefreshes() {
        noted.set(ConcurrentHashMap.newKeySet());
    }

    /** Refreshes again every product noted since {@link #noteRefreshes}, and stops noting; answers how many. */
    int refreshNotedSince() {
        Set<ProductId> ids = noted.getAndSet(null);
        if (ids == null || ids.isEmpty()) {
            return 0;
        }
        refresh(List.copyOf(ids));
        return ids.size();
    }

    void refresh(Collection<ProductId> ids) {
        Set<ProductId> reindexing = noted.get();
        if (reindexing != null) {
            reindexing.addAll(ids);
        }
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
