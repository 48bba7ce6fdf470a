/**
 * Product search with facets. Owns the search index (Lucene in-process by default, OpenSearch by
 * configuration) and answers {@link dev.mercato.search.ProductSearch} queries from it; when the
 * index fails, a circuit breaker sends queries to PostgreSQL full-text search instead. Listens to
 * {@link dev.mercato.catalog.ProductsChanged} and {@link dev.mercato.inventory.StockChanged} to keep
 * the index current; publishes nothing.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Search", allowedDependencies = {"catalog", "inventory", "platform"})
package dev.mercato.search;
