package dev.mercato.search;

import java.math.BigDecimal;
import java.util.List;

/**
 * Counts over the filtered result. Categories: every category path with matches (a parent counts
 * its whole subtree). Brands: the top 50, counted as if no brand were selected, so a shopper who
 * picked one brand still sees how many the others have (multi-select). Price ranges: the five fixed
 * buckets, {@code from} inclusive and {@code to} exclusive, null meaning open-ended.
 */
public record SearchFacets(List<FacetCount> categories, List<FacetCount> brands, List<PriceRangeCount> priceRanges) {

    public static final SearchFacets NONE = new SearchFacets(List.of(), List.of(), List.of());

    public SearchFacets {
        categories = List.copyOf(categories);
        brands = List.copyOf(brands);
        priceRanges = List.copyOf(priceRanges);
    }

    public record FacetCount(String value, long count) {
    }

    public record PriceRangeCount(String key, BigDecimal from, BigDecimal to, long count) {
    }
}
