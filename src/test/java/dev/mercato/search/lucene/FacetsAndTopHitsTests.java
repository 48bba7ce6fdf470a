package dev.mercato.search.lucene;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

import dev.mercato.search.SearchQuery;
import dev.mercato.search.internal.ProductDocument;
import dev.mercato.search.internal.SynonymRules;

import static org.assertj.core.api.Assertions.assertThat;

class FacetsAndTopHitsTests {

    private static final String[] WORDS = {"sofa", "lamp", "oak", "linen", "portable", "silver", "chair", "desk", "compact", "walnut"};
    private static final String[] BRANDS = {"Altaline", "Brioly", "Corvane", "Dunmore", "Elsted"};
    private static final String[] CATEGORIES = {"home/furniture/sofas", "home/furniture/desks", "home/lighting/lamps", "office/chairs"};
    private static final BigDecimal[] RATINGS = {null, new BigDecimal("4.0"), new BigDecimal("4.5"), new BigDecimal("5.0")};
    private static final int[] REVIEWS = {0, 10, 100};
    private static final int PRODUCTS = 4000;

    /**
     * Few distinct boosts and titles of one length give many equal scores, where the product id
     * decides: skipping a match that could still tie with the last kept hit would show here.
     */
    @Test
    void skippingMatchesThatCannotReachThePageChangesNoHitAndNoCount() throws IOException {
        var random = new SplittableRandom(11);
        try (var directory = new ByteBuffersDirectory();
             var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneAnalyzers.index()).setMaxBufferedDocs(700))) {
            Instant now = Instant.parse("2026-11-21T10:00:00Z");
            // ids in random order, so a lower product id is not simply an earlier document
            List<Long> ids = IntStream.rangeClosed(1, PRODUCTS).mapToObj(Long::valueOf).collect(Collectors.toCollection(ArrayList::new));
            for (int i = ids.size() - 1; i > 0; i--) {
                ids.set(i, ids.set(random.nextInt(i + 1), ids.get(i)));
            }
            for (long id : ids) {
                writer.updateDocument(LuceneDocuments.idTerm(id), LuceneDocuments.toLucene(product(id, random), now));
            }
            for (int i = 0; i < 300; i++) {
                long id = ids.get(random.nextInt(PRODUCTS));
                writer.updateDocument(LuceneDocuments.idTerm(id), LuceneDocuments.toLucene(product(id, random), now));
            }
            writer.commit();
            try (var reader = DirectoryReader.open(writer)) {
                assertThat(reader.leaves()).hasSizeGreaterThan(3);
                var columns = new SegmentColumnsCache();
                IndexSearcher searcher = columns.newSearcher(reader, null);
                var queries = new LuceneQueries(LuceneAnalyzers.query(SynonymRules.load(new ClassPathResource("search/synonyms.txt"))));
                long matches = 0;
                long scored = 0;
                for (SearchQuery query : queries()) {
                    for (int hits : new int[] {20, 60}) {
                        Query full = queries.query(query);
                        var ceilings = ScoreCeilings.Source.of(searcher, queries.ceiling(query));
                        var skipping = searcher.search(full, new FacetsAndTopHits(columns, true, hits, ceilings));
                        var scoringAll = searcher.search(full, new FacetsAndTopHits(columns, true, hits, null));

                        assertThat(skipping.best()).as("%s, %d hits", query, hits).containsExactly(scoringAll.best());
                        assertThat(skipping.matches()).isEqualTo(scoringAll.matches());
                        assertThat(skipping.categoryCounts()).isEqualTo(scoringAll.categoryCounts());
                        assertThat(skipping.brandCounts()).isEqualTo(scoringAll.brandCounts());
                        assertThat(skipping.priceRangeCounts()).isEqualTo(scoringAll.priceRangeCounts());
                        assertThat(scoringAll.scored()).isEqualTo(scoringAll.matches());
                        matches += skipping.matches();
                        scored += skipping.scored();
                    }
                }
                assertThat(matches).isGreaterThan(10_000);
                // this catalog's boosts are close together; on the benchmark's catalog far fewer are scored
                assertThat(scored).as("matches scored").isLessThan(matches * 3 / 4);
            }
        }
    }

    private static List<SearchQuery> queries() {
        List<SearchQuery> queries = new ArrayList<>();
        for (String word : WORDS) {
            queries.add(SearchQuery.text(word));
            queries.add(SearchQuery.text(word + " oak"));
            queries.add(SearchQuery.text(word).withBrands(List.of(BRANDS[0], BRANDS[3])));
            queries.add(SearchQuery.text(word).withCategory("home"));
            queries.add(SearchQuery.text(word).withPrice(new BigDecimal("25"), new BigDecimal("100")));
            queries.add(SearchQuery.text(word).withMinRating(new BigDecimal("4.5")));
        }
        queries.add(SearchQuery.text("couch"));
        queries.add(SearchQuery.text(""));
        queries.add(SearchQuery.text("").withCategory("home/furniture"));
        return queries;
    }

    private static ProductDocument product(long id, SplittableRandom random) {
        String brand = BRANDS[random.nextInt(BRANDS.length)];
        String first = WORDS[random.nextInt(WORDS.length)];
        String second = WORDS[random.nextInt(WORDS.length)];
        String title = brand + " " + first + " " + second + " N" + id;
        String description = "The " + title + " is a " + second + " made by " + brand + "."
                + (random.nextBoolean() ? " Pairs well with a " + WORDS[random.nextInt(WORDS.length)] + "." : "");
        String category = CATEGORIES[random.nextInt(CATEGORIES.length)];
        BigDecimal price = BigDecimal.valueOf(5 + random.nextInt(300)).add(new BigDecimal("0.99"));
        return new ProductDocument(id, "p-" + id, title, description, brand, brand.toLowerCase(), category, price, "USD",
                RATINGS[random.nextInt(RATINGS.length)], REVIEWS[random.nextInt(REVIEWS.length)], random.nextInt(3) > 0, null);
    }
}
