package dev.mercato.search.opensearch;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.opensearch.client.opensearch._types.aggregations.Aggregate;
import org.opensearch.client.opensearch._types.aggregations.RangeBucket;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.search.Hit;

import dev.mercato.search.ProductSearch;
import dev.mercato.search.SearchFacets;
import dev.mercato.search.SearchFacets.FacetCount;
import dev.mercato.search.SearchFacets.PriceRangeCount;
import dev.mercato.search.SearchQuery;
import dev.mercato.search.SearchResult;
import dev.mercato.search.internal.PriceRanges;

import static dev.mercato.search.opensearch.SearchRequests.*;

/** Reads the answer to a {@link SearchRequests} request back into a {@link SearchResult}. */
final class SearchResults {

    private SearchResults() {
    }

    static SearchResult of(SearchQuery query, SearchResponse<IndexedProduct> response, String engine) {
        var items = response.hits().hits().stream().map(Hit::source).map(p -> p.document().summary()).toList();
        Map<String, Aggregate> aggregations = response.aggregations();
        Map<String, Aggregate> withBrandFilter = aggregations.get(WITH_BRAND_FILTER).filter().aggregations();
        SearchFacets facets = new SearchFacets(
                counts(withBrandFilter.get(CATEGORIES)),
                counts(aggregations.get(BRANDS)),
                priceRanges(withBrandFilter.get(PRICE_RANGES)));
        return new SearchResult(items, response.hits().total().value(), query.page(), ProductSearch.PAGE_SIZE, facets, engine, false);
    }

    /** Already ordered by count, then value, by the terms aggregation itself. */
    private static List<FacetCount> counts(Aggregate terms) {
        return terms.sterms().buckets().array().stream()
                .map(bucket -> new FacetCount(bucket.key(), bucket.docCount()))
                .toList();
    }

    /** Every bucket, in {@link PriceRanges#ALL} order, empty ones included. */
    private static List<PriceRangeCount> priceRanges(Aggregate ranges) {
        Map<String, Long> counts = ranges.range().buckets().array().stream()
                .collect(Collectors.toMap(RangeBucket::key, RangeBucket::docCount));
        return PriceRanges.ALL.stream()
                .map(range -> new PriceRangeCount(range.key(), range.from(), range.to(), counts.getOrDefault(range.key(), 0L)))
                .toList();
    }
}
