package dev.mercato.search.opensearch;

import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.SortOrder;
import org.opensearch.client.opensearch._types.aggregations.Aggregation;
import org.opensearch.client.opensearch._types.aggregations.AggregationRange;
import org.opensearch.client.opensearch._types.query_dsl.FunctionBoostMode;
import org.opensearch.client.opensearch._types.query_dsl.Operator;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch.core.SearchRequest;

import dev.mercato.search.ProductSearch;
import dev.mercato.search.SearchQuery;
import dev.mercato.search.internal.PriceRanges;
import dev.mercato.search.internal.Ranking;

import static dev.mercato.search.opensearch.IndexMapping.*;

/** A {@link SearchQuery} as one OpenSearch request: the page of hits, the exact total and the facets. */
final class SearchRequests {

    static final String BRANDS = "brands";
    static final String WITH_BRAND_FILTER = "with_brand_filter";
    static final String CATEGORIES = "categories";
    static final String PRICE_RANGES = "price_ranges";

    /** Above the catalog's category count, so every category with a match is counted. */
    static final int CATEGORY_FACET_SIZE = 10_000;
    static final int BRAND_FACET_SIZE = 50;
    /** OpenSearch's default {@code index.max_result_window}: pages beyond it come back empty, not as an error. */
    static final int MAX_RESULT_WINDOW = 10_000;

    private static final String BUSINESS_BOOST = Ranking.painless(IN_STOCK, RATING, REVIEW_COUNT);

    private SearchRequests() {
    }

    static SearchRequest of(String index, SearchQuery query) {
        int from = query.page() * ProductSearch.PAGE_SIZE;
        boolean beyondWindow = from + ProductSearch.PAGE_SIZE > MAX_RESULT_WINDOW;
        Query brandFilter = brandFilter(query);
        return SearchRequest.of(s -> s.index(index)
                .trackTotalHits(t -> t.enabled(true))
                .from(beyondWindow ? 0 : from)
                .size(beyondWindow ? 0 : ProductSearch.PAGE_SIZE)
                .query(q -> q.functionScore(fs -> fs
                        .query(matching(query))
                        .functions(f -> f.scriptScore(ss -> ss.script(sc -> sc.inline(i -> i.source(BUSINESS_BOOST)))))
                        .boostMode(FunctionBoostMode.Multiply)))
                // the brand filter narrows hits and the other facets, but not the brand counts
                // (aggregations see the query, not the post_filter), so shoppers can pick several brands
                .postFilter(brandFilter)
                .aggregations(BRANDS, brandFacet())
                .aggregations(WITH_BRAND_FILTER, a -> a.filter(brandFilter)
                        .aggregations(CATEGORIES, categoryFacet())
                        .aggregations(PRICE_RANGES, priceRangeFacet()))
                .sort(o -> o.score(sc -> sc.order(SortOrder.Desc)))
                .sort(o -> o.field(f -> f.field(ID).order(SortOrder.Asc))));
    }

    private static Query matching(SearchQuery query) {
        List<Query> filters = filters(query);
        if (!query.hasText()) {
            // a constant score of 1, so the business boost alone orders the products
            return Query.of(q -> q.bool(b -> b.must(m -> m.matchAll(a -> a)).filter(filters)));
        }
        filters.add(Query.of(q -> q.match(m -> m.field(ALL).query(FieldValue.of(query.text())).operator(Operator.And))));
        return Query.of(q -> q.bool(b -> b.filter(filters)
                .should(s -> s.match(m -> m.field(TITLE).query(FieldValue.of(query.text())).boost(3f)))
                .should(s -> s.match(m -> m.field(DESCRIPTION).query(FieldValue.of(query.text()))))));
    }

    private static List<Query> filters(SearchQuery query) {
        List<Query> filters = new ArrayList<>();
        if (query.categoryPath() != null) {
            filters.add(Query.of(q -> q.term(t -> t.field(CATEGORY_PATHS).value(FieldValue.of(query.categoryPath())))));
        }
        if (query.minPrice() != null || query.maxPrice() != null) {
            filters.add(Query.of(q -> q.range(r -> {
                r.field(PRICE);
                if (query.minPrice() != null) {
                    r.gte(JsonData.of(IndexedProduct.cents(query.minPrice(), RoundingMode.CEILING)));
                }
                if (query.maxPrice() != null) {
                    r.lte(JsonData.of(IndexedProduct.cents(query.maxPrice(), RoundingMode.FLOOR)));
                }
                return r;
            })));
        }
        if (query.minRating() != null) {
            filters.add(Query.of(q -> q.range(r -> r.field(RATING).gte(JsonData.of(query.minRating().doubleValue())))));
        }
        if (query.inStockOnly()) {
            filters.add(Query.of(q -> q.term(t -> t.field(IN_STOCK).value(FieldValue.of(true)))));
        }
        return filters;
    }

    private static Query brandFilter(SearchQuery query) {
        if (query.brands().isEmpty()) {
            return Query.of(q -> q.matchAll(a -> a));
        }
        List<FieldValue> keys = query.brands().stream().map(IndexedProduct::brandKey).distinct().map(FieldValue::of).toList();
        return Query.of(q -> q.terms(t -> t.field(BRAND_KEY).terms(v -> v.value(keys))));
    }

    private static Aggregation brandFacet() {
        return Aggregation.of(a -> a.terms(t -> t.field(BRAND).size(BRAND_FACET_SIZE).order(byCountThenValue())));
    }

    private static Aggregation categoryFacet() {
        return Aggregation.of(a -> a.terms(t -> t.field(CATEGORY_PATHS).size(CATEGORY_FACET_SIZE).order(byCountThenValue())));
    }

    private static List<Map<String, SortOrder>> byCountThenValue() {
        return List.of(Map.of("_count", SortOrder.Desc), Map.of("_key", SortOrder.Asc));
    }

    private static Aggregation priceRangeFacet() {
        List<AggregationRange> ranges = PriceRanges.ALL.stream()
                .map(range -> AggregationRange.of(r -> r.key(range.key())
                        .from(range.from() == null ? null : JsonData.of(range.fromCents()))
                        .to(range.to() == null ? null : JsonData.of(range.toCentsExclusive()))))
                .toList();
        return Aggregation.of(a -> a.range(r -> r.field(PRICE).ranges(ranges)));
    }
}
