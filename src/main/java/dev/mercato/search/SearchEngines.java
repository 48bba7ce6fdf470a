package dev.mercato.search;

/**
 * Each engine on its own, without the circuit breaker or the fallback: for benchmarks and for
 * operators comparing engines. Shoppers' searches go through {@link ProductSearch}. Either method
 * throws when its engine fails.
 */
public interface SearchEngines {

    /** The configured index engine ({@code lucene} or {@code opensearch}). */
    SearchResult index(SearchQuery query);

    /** PostgreSQL full-text search over the catalog tables, as the fallback answers. */
    SearchResult postgres(SearchQuery query);

    String indexEngine();
}
