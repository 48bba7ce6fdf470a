package dev.mercato.search.lucene;

import java.util.stream.IntStream;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;

import dev.mercato.search.SearchFacets.FacetCount;
import dev.mercato.search.SearchFacets.PriceRangeCount;
import dev.mercato.search.internal.PriceRanges;

/**
 * Counts facets over every matching document in one pass of doc values: per segment into arrays
 * indexed by the segment's ordinals (no string work per document), turned into values once per
 * segment at the end. Also counts the matches, so the top-hits collector may stop counting early.
 */
final class FacetCounts implements CollectorManager<FacetCounts.Counter, FacetCounts.Result> {

    static final int TOP_BRANDS = 50;

    private final boolean categoriesAndPrices;

    /** @param categoriesAndPrices false when only the brand counts of this query are wanted */
    FacetCounts(boolean categoriesAndPrices) {
        this.categoriesAndPrices = categoriesAndPrices;
    }

    @Override
    public Counter newCollector() {
        return new Counter(categoriesAndPrices);
    }

    @Override
    public Result reduce(Collection<Counter> counters) {
        var result = new Result(new HashMap<>(), new HashMap<>(), new long[PriceRanges.ALL.size()], new long[1]);
        for (Counter counter : counters) {
            counter.flushSegment();
            counter.categories.forEach((k, v) -> result.categories.merge(k, v, Long::sum));
            counter.brands.forEach((k, v) -> result.brands.merge(k, v, Long::sum));
            for (int i = 0; i < result.prices.length; i++) {
                result.prices[i] += counter.prices[i];
            }
            result.total[0] += counter.total;
        }
        return result;
    }

    record Result(Map<String, Long> categories, Map<String, Long> brands, long[] prices, long[] total) {

        long matches() {
            return total[0];
        }

        List<FacetCount> categoryCounts() {
            return sorted(categories, Integer.MAX_VALUE);
        }

        List<FacetCount> brandCounts() {
            return sorted(brands, TOP_BRANDS);
        }

        List<PriceRangeCount> priceRangeCounts() {
            var ranges = PriceRanges.ALL;
            return IntStream.range(0, ranges.size())
                    .mapToObj(i -> new PriceRangeCount(ranges.get(i).key(), ranges.get(i).from(), ranges.get(i).to(), prices[i]))
                    .toList();
        }

        private static List<FacetCount> sorted(Map<String, Long> counts, int limit) {
            return counts.entrySet().stream()
                    .map(e -> new FacetCount(e.getKey(), e.getValue()))
                    .sorted(Comparator.comparingLong(FacetCount::count).reversed().thenComparing(FacetCount::value))
                    .limit(limit)
                    .toList();
        }
    }

    static final class Counter implements Collector {

        private final boolean categoriesAndPrices;
        final Map<String, Long> categories = new HashMap<>();
        final Map<String, Long> brands = new HashMap<>();
        final long[] prices = new long[PriceRanges.ALL.size()];
        private final long[] bounds = PriceRanges.ALL.stream().mapToLong(PriceRanges.Range::toCentsExclusive).toArray();
        long total;

        private SortedSetDocValues segmentCategories;
        private int[] categoryOrds;
        private SortedDocValues segmentBrands;
        private int[] brandOrds;

        Counter(boolean categoriesAndPrices) {
            this.categoriesAndPrices = categoriesAndPrices;
        }

        @Override
        public ScoreMode scoreMode() {
            return ScoreMode.COMPLETE_NO_SCORES;
        }

        @Override
        public LeafCollector getLeafCollector(LeafReaderContext context) throws IOException {
            flushSegment();
            SortedDocValues brandValues = DocValues.getSorted(context.reader(), LuceneDocuments.BRAND);
            segmentBrands = brandValues;
            brandOrds = new int[brandValues.getValueCount()];
            SortedSetDocValues categoryValues = categoriesAndPrices ? DocValues.getSortedSet(context.reader(), LuceneDocuments.CATEGORY_PATHS) : null;
            SortedNumericDocValues priceValues = categoriesAndPrices ? DocValues.getSortedNumeric(context.reader(), LuceneDocuments.PRICE_CENTS) : null;
            if (categoriesAndPrices) {
                segmentCategories = categoryValues;
                categoryOrds = new int[Math.toIntExact(categoryValues.getValueCount())];
            }
            return new LeafCollector() {
                @Override
                public void setScorer(Scorable scorer) {
                }

                @Override
                public void collect(int doc) throws IOException {
                    total++;
                    if (brandValues.advanceExact(doc)) {
                        brandOrds[brandValues.ordValue()]++;
                    }
                    if (categoryValues == null) {
                        return;
                    }
                    if (categoryValues.advanceExact(doc)) {
                        for (int i = categoryValues.docValueCount(); i > 0; i--) {
                            categoryOrds[(int) categoryValues.nextOrd()]++;
                        }
                    }
                    if (priceValues.advanceExact(doc)) {
                        prices[bucket(priceValues.nextValue())]++;
                    }
                }
            };
        }

        private int bucket(long cents) {
            for (int i = 0; i < bounds.length - 1; i++) {
                if (cents < bounds[i]) {
                    return i;
                }
            }
            return bounds.length - 1;
        }

        /** Turns the finished segment's ordinal counts into values; called before the next segment and at the end. */
        void flushSegment() {
            try {
                if (segmentBrands != null) {
                    for (int ord = 0; ord < brandOrds.length; ord++) {
                        if (brandOrds[ord] > 0) {
                            brands.merge(segmentBrands.lookupOrd(ord).utf8ToString(), (long) brandOrds[ord], Long::sum);
                        }
                    }
                }
                if (segmentCategories != null) {
                    for (int ord = 0; ord < categoryOrds.length; ord++) {
                        if (categoryOrds[ord] > 0) {
                            categories.merge(segmentCategories.lookupOrd(ord).utf8ToString(), (long) categoryOrds[ord], Long::sum);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            segmentBrands = null;
            segmentCategories = null;
        }
    }
}
