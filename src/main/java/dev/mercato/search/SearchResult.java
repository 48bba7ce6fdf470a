package dev.mercato.search;

import java.util.List;

import dev.mercato.catalog.ProductSummary;

/**
 * One page of results, best first. {@code total} counts every match, not just this page.
 * {@code engine} names what answered ({@code lucene}, {@code opensearch} or {@code postgres});
 * {@code fallback} is true when the index could not answer and PostgreSQL did (facets are empty then).
 */
public record SearchResult(
        List<ProductSummary> items,
        long total,
        int page,
        int pageSize,
        SearchFacets facets,
        String engine,
        boolean fallback) {

    public SearchResult {
        items = List.copyOf(items);
    }
}
