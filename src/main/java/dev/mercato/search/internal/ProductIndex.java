package dev.mercato.search.internal;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import dev.mercato.search.SearchQuery;
import dev.mercato.search.SearchResult;

/**
 * The search engine behind {@link dev.mercato.search.ProductSearch}: one document per active
 * product, keyed by product id. Implementations: Lucene in-process (default) and OpenSearch
 * ({@code mercato.search.engine=opensearch}). Every adapter passes {@code ProductIndexContract}.
 *
 * <p>Writes are idempotent (a document replaces the one with its id), so redelivered events are
 * harmless. When a write method returns, its change is durable in the engine and visible to
 * queries. Any method may throw when the engine is unavailable; callers decide what to do
 * (queries go through the circuit breaker, writes are retried by the event registry).
 */
public interface ProductIndex {

    /** {@code lucene} or {@code opensearch}: the {@code engine} label of metrics and results. */
    String engine();

    void upsert(List<ProductDocument> documents);

    void delete(Collection<Long> productIds);

    /**
     * For writing many documents in a row (a full reindex): cheaper per document, because the
     * changes become durable and visible together when the bulk write is closed, not per call.
     * Adapters without a cheaper path keep this default, which writes each batch with {@link #upsert}.
     */
    default BulkWrite bulk() {
        return this::upsert;
    }

    /** An open bulk write; documents added are durable and visible once {@link #close()} returns. */
    @FunctionalInterface
    interface BulkWrite extends AutoCloseable {

        void add(List<ProductDocument> documents);

        @Override
        default void close() {
        }
    }

    /**
     * Deletes documents last written before {@code cutoff}: a full reindex writes every active
     * product, then drops what it did not touch (products that left the catalog meanwhile).
     */
    void deleteIndexedBefore(Instant cutoff);

    /**
     * Ranking: BM25 over title (boost 3) and description, English analysis with the configured
     * synonyms, every query word (or one of its synonyms) required somewhere in title, description,
     * brand or category; the text score is multiplied by {@link Ranking#businessBoost}. A blank text
     * matches everything that passes the filters. Facets as {@link dev.mercato.search.SearchFacets} says.
     */
    SearchResult query(SearchQuery query);

    long count();
}
