package dev.mercato.search.lucene;

import java.io.IOException;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;

import dev.mercato.search.SearchFacets.FacetCount;
import dev.mercato.search.SearchFacets.PriceRangeCount;
import dev.mercato.search.internal.PriceRanges;
import dev.mercato.search.internal.Ranking;

/**
 * One pass over every match that counts the facets and keeps the best hits, reading the segment's
 * cached columns ({@link SegmentColumns}) rather than doc values.
 *
 * <p>Facets are counted per segment into arrays indexed by the segment's ordinals (no string work
 * per document) and turned into values once per segment at the end. Ranking multiplies the text
 * score by the {@link Ranking#businessBoost} here, in the collector, instead of wrapping the query
 * in a function query: every match is visited for the facets anyway, and the wrapper's layers of
 * scorers cost more than the scoring itself. A match whose {@link ScoreCeilings ceiling} times its
 * boost cannot reach the kept hits is counted but never scored.
 */
final class FacetsAndTopHits implements CollectorManager<FacetsAndTopHits.Counter, FacetsAndTopHits.Result> {

    static final int TOP_BRANDS = 50;

    private final SegmentColumnsCache columns;
    private final boolean categoriesAndPrices;
    private final int hits;
    private final ScoreCeilings.Source ceilings;

    /**
     * @param categoriesAndPrices false when only the brand counts of this query are wanted
     * @param hits                how many of the best hits to keep; 0 to only count
     * @param ceilings            the query's score ceilings; null to score every match
     */
    FacetsAndTopHits(SegmentColumnsCache columns, boolean categoriesAndPrices, int hits, ScoreCeilings.Source ceilings) {
        this.columns = columns;
        this.categoriesAndPrices = categoriesAndPrices;
        this.hits = hits;
        this.ceilings = ceilings;
    }

    @Override
    public Counter newCollector() {
        return new Counter(columns, categoriesAndPrices, hits, ceilings);
    }

    @Override
    public Result reduce(Collection<Counter> counters) {
        Map<String, Long> categories = new HashMap<>();
        Map<String, Long> brands = new HashMap<>();
        long[] prices = new long[PriceRanges.ALL.size()];
        long matches = 0;
        long scored = 0;
        var top = new TopHits(hits);
        for (Counter counter : counters) {
            counter.flushSegment();
            counter.categories.forEach((k, v) -> categories.merge(k, v, Long::sum));
            counter.brands.forEach((k, v) -> brands.merge(k, v, Long::sum));
            for (int i = 0; i < prices.length; i++) {
                prices[i] += counter.prices[i];
            }
            matches += counter.total;
            scored += counter.scored;
            top.addAll(counter.top);
        }
        return new Result(categories, brands, prices, matches, scored, top);
    }

    /**
     * @param matches every matching document
     * @param scored  the matches whose text score was computed; the rest could not reach the kept hits
     */
    record Result(Map<String, Long> categories, Map<String, Long> brands, long[] prices, long matches, long scored, TopHits top) {

        /** The best hits, best first. */
        TopHits.Hit[] best() {
            return top.best();
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

        private final SegmentColumnsCache columns;
        private final boolean categoriesAndPrices;
        private final ScoreCeilings.Source ceilings;
        final Map<String, Long> categories = new HashMap<>();
        final Map<String, Long> brands = new HashMap<>();
        final long[] prices = new long[PriceRanges.ALL.size()];
        final TopHits top;
        long total;
        long scored;

        private SegmentColumns segment;
        private int[] brandCounts;
        private int[] leafCounts;

        Counter(SegmentColumnsCache columns, boolean categoriesAndPrices, int hits, ScoreCeilings.Source ceilings) {
            this.columns = columns;
            this.categoriesAndPrices = categoriesAndPrices;
            this.ceilings = ceilings;
            this.top = new TopHits(hits);
        }

        @Override
        public ScoreMode scoreMode() {
            return ranks() ? ScoreMode.COMPLETE : ScoreMode.COMPLETE_NO_SCORES;
        }

        private boolean ranks() {
            return top.capacity() > 0;
        }

        @Override
        public LeafCollector getLeafCollector(LeafReaderContext context) {
            flushSegment();
            SegmentColumns leaf = columns.of(context);
            segment = leaf;
            int[] brandOrd = leaf.brandOrd();
            int[] brandCounts = new int[leaf.brandNames().length];
            this.brandCounts = brandCounts;
            int[] categoryLeaf = leaf.categoryLeaf();
            int[] leafCounts = categoriesAndPrices ? new int[leaf.categoryPaths().length] : null;
            this.leafCounts = leafCounts;
            byte[] priceBucket = leaf.priceBucket();
            long[] prices = this.prices;
            float[] boosts = leaf.boosts();
            long[] ids = leaf.ids();
            int docBase = context.docBase;
            TopHits top = ranks() ? this.top : null;
            ScoreCeilings ceilings = top == null || this.ceilings == null ? null : this.ceilings.of(context);
            return new LeafCollector() {
                private Scorable scorer;

                @Override
                public void setScorer(Scorable scorer) {
                    this.scorer = scorer;
                }

                @Override
                public void collect(int doc) throws IOException {
                    total++;
                    int brand = brandOrd[doc];
                    if (brand >= 0) {
                        brandCounts[brand]++;
                    }
                    if (leafCounts != null) {
                        int category = categoryLeaf[doc];
                        if (category >= 0) {
                            leafCounts[category]++;
                        }
                        int bucket = priceBucket[doc];
                        if (bucket >= 0) {
                            prices[bucket]++;
                        }
                    }
                    if (top != null) {
                        double boost = boosts[doc];
                        float entry = top.entryScore();
                        if (ceilings != null && entry != Float.NEGATIVE_INFINITY && (float) (ceilings.of(doc) * boost) < entry) {
                            return;
                        }
                        scored++;
                        top.offer(docBase + doc, ids[doc], (float) (scorer.score() * boost));
                    }
                }
            };
        }

        /** Turns the finished segment's ordinal counts into values; called before the next segment and at the end. */
        void flushSegment() {
            if (segment == null) {
                return;
            }
            String[] brandNames = segment.brandNames();
            for (int ord = 0; ord < brandCounts.length; ord++) {
                if (brandCounts[ord] > 0) {
                    brands.merge(brandNames[ord], (long) brandCounts[ord], Long::sum);
                }
            }
            if (leafCounts != null) {
                // a document counts for its leaf and every ancestor: add each leaf's count up the tree once
                long[] pathCounts = new long[leafCounts.length];
                int[][] ancestors = segment.ancestors();
                for (int ord = 0; ord < leafCounts.length; ord++) {
                    if (leafCounts[ord] > 0) {
                        pathCounts[ord] += leafCounts[ord];
                        for (int ancestor : ancestors[ord]) {
                            pathCounts[ancestor] += leafCounts[ord];
                        }
                    }
                }
                String[] paths = segment.categoryPaths();
                for (int ord = 0; ord < pathCounts.length; ord++) {
                    if (pathCounts[ord] > 0) {
                        categories.merge(paths[ord], pathCounts[ord], Long::sum);
                    }
                }
            }
            segment = null;
        }
    }
}
