package dev.mercato.search.opensearch;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.core.io.ClassPathResource;

import dev.mercato.catalog.ProductSummary;
import dev.mercato.search.SearchFacets.FacetCount;
import dev.mercato.search.SearchFacets.PriceRangeCount;
import dev.mercato.search.SearchQuery;
import dev.mercato.search.SearchResult;
import dev.mercato.search.internal.ProductDocument;
import dev.mercato.search.internal.SearchSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

@ExtendWith(OpenSearchNode.class)
class OpenSearchProductIndexTests {

    static final AtomicInteger indexes = new AtomicInteger();

    final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    String indexName;
    OpenSearchProductIndex index;

    /** A new index per test: deleted documents would otherwise still weigh in BM25 statistics. */
    @BeforeEach
    void newIndex() {
        indexName = "products-opensearch-product-index-tests-" + indexes.incrementAndGet();
        var settings = new SearchSettings.OpenSearch(OpenSearchNode.url(), indexName, null, null, Duration.ofSeconds(10));
        index = new OpenSearchProductIndex(settings, new ClassPathResource("search/synonyms.txt"), clock);
    }

    @AfterEach
    void deleteIndex() throws Exception {
        index.close();
        OpenSearchNode.deleteIndex(indexName);
    }

    @Test
    void findsProductsByAWordOfTheirTitleRankingTitleAboveDescription() {
        index.upsert(List.of(
                product(1, "Oak side table").description("Pairs with our lamp collection").build(),
                product(2, "Brass desk lamp").description("Warm light").build(),
                product(3, "Linen curtain").build()));

        SearchResult result = index.query(SearchQuery.text("lamp"));

        assertThat(ids(result)).containsExactly("2", "1");
        assertThat(result.total()).isEqualTo(2);
        assertThat(result.engine()).isEqualTo("opensearch");
        assertThat(result.fallback()).isFalse();
    }

    @Test
    void returnsTheDocumentAsIndexed() {
        ProductDocument lamp = product(7, "Brass desk lamp").brand("Lumen", "lumen").category("home/lighting/lamps")
                .price("49.90").rating("4.5").reviews(12).build();
        index.upsert(List.of(lamp));

        assertThat(index.query(SearchQuery.text("lamp")).items()).containsExactly(lamp.summary());
    }

    @Test
    void everyWordMustMatchSomewhereInTitleDescriptionBrandOrCategory() {
        index.upsert(List.of(
                product(1, "Desk lamp").description("Solid oak base").build(),
                product(2, "Desk lamp").description("Steel base").build(),
                product(3, "Floor lamp").brand("Nordlys", "nordlys").category("home/lighting").build()));

        assertThat(ids(index.query(SearchQuery.text("oak lamp")))).containsExactly("1");
        assertThat(ids(index.query(SearchQuery.text("nordlys lamp")))).containsExactly("3");
        assertThat(ids(index.query(SearchQuery.text("lighting lamp")))).containsExactly("3");
    }

    @Test
    void findsSynonymsOfTheQueryWords() {
        index.upsert(List.of(product(1, "Velvet couch").build(), product(2, "Velvet armchair").build()));

        assertThat(ids(index.query(SearchQuery.text("sofa")))).containsExactly("1");
        assertThat(ids(index.query(SearchQuery.text("velvet sofas")))).containsExactly("1");
    }

    @Test
    void englishAnalysisMatchesOtherFormsOfAWord() {
        index.upsert(List.of(product(1, "Running shoes").build()));

        assertThat(ids(index.query(SearchQuery.text("shoe run")))).containsExactly("1");
    }

    @Test
    void upsertReplacesTheDocumentWithTheSameId() {
        index.upsert(List.of(product(1, "Desk lamp").build()));
        index.upsert(List.of(product(1, "Floor lamp").build()));
        index.upsert(List.of(product(1, "Floor lamp").build()));

        assertThat(index.count()).isEqualTo(1);
        assertThat(index.query(SearchQuery.text("lamp")).items()).extracting(ProductSummary::title).containsExactly("Floor lamp");
    }

    @Test
    void filtersByCategorySubtree() {
        index.upsert(List.of(
                product(1, "Table lamp").category("home/lighting/lamps").build(),
                product(2, "Ceiling lamp").category("home/lighting").build(),
                product(3, "Lamp oil").category("home/cleaning").build(),
                product(4, "Lamp post").category("homeware").build()));

        assertThat(ids(index.query(SearchQuery.text("lamp").withCategory("home/lighting")))).containsExactlyInAnyOrder("1", "2");
        assertThat(ids(index.query(SearchQuery.text("lamp").withCategory("home")))).containsExactlyInAnyOrder("1", "2", "3");
    }

    @Test
    void filtersBySeveralBrandsNamedByNameOrSlugInAnyCase() {
        index.upsert(List.of(
                product(1, "Lamp").brand("Nordlys Design", "nordlys-design").build(),
                product(2, "Lamp").brand("Lumen", "lumen").build(),
                product(3, "Lamp").brand("Other", "other").build()));

        assertThat(ids(index.query(SearchQuery.text("lamp").withBrands(List.of("NORDLYS-design", "lumen"))))).containsExactlyInAnyOrder("1", "2");
        assertThat(ids(index.query(SearchQuery.text("lamp").withBrands(List.of("nordlys design"))))).containsExactly("1");
    }

    @Test
    void filtersByPriceRangeWithBothBoundsInclusive() {
        index.upsert(List.of(
                product(1, "Lamp").price("24.99").build(),
                product(2, "Lamp").price("25.00").build(),
                product(3, "Lamp").price("49.99").build(),
                product(4, "Lamp").price("50.01").build()));

        SearchQuery query = SearchQuery.text("lamp").withPrice(new BigDecimal("25"), new BigDecimal("49.99"));
        assertThat(ids(index.query(query))).containsExactlyInAnyOrder("2", "3");
        assertThat(ids(index.query(SearchQuery.text("lamp").withPrice(null, new BigDecimal("25"))))).containsExactlyInAnyOrder("1", "2");
        assertThat(ids(index.query(SearchQuery.text("lamp").withPrice(new BigDecimal("50"), null)))).containsExactly("4");
    }

    @Test
    void filtersByMinimumRatingLeavingOutUnratedProducts() {
        index.upsert(List.of(
                product(1, "Lamp").rating("4.3").build(),
                product(2, "Lamp").rating("4.2").build(),
                product(3, "Lamp").build()));

        assertThat(ids(index.query(SearchQuery.text("lamp").withMinRating(new BigDecimal("4.3"))))).containsExactly("1");
    }

    @Test
    void filtersToProductsInStock() {
        index.upsert(List.of(product(1, "Lamp").build(), product(2, "Lamp").soldOut().build()));

        assertThat(ids(index.query(SearchQuery.text("lamp").withInStockOnly(true)))).containsExactly("1");
    }

    @Test
    void brandFacetCountsEveryBrandWhileOneIsSelected() {
        index.upsert(List.of(
                product(1, "Lamp").brand("Lumen", "lumen").category("home/lighting").price("10").build(),
                product(2, "Lamp").brand("Lumen", "lumen").category("home/lighting").price("30").build(),
                product(3, "Lamp").brand("Nordlys", "nordlys").category("office").price("30").build(),
                product(4, "Lamp").brand("Arc", "arc").category("office").price("300").build()));

        SearchResult result = index.query(SearchQuery.text("lamp").withBrands(List.of("lumen")));

        assertThat(ids(result)).containsExactlyInAnyOrder("1", "2");
        assertThat(result.total()).isEqualTo(2);
        assertThat(result.facets().brands()).containsExactly(new FacetCount("Lumen", 2), new FacetCount("Arc", 1), new FacetCount("Nordlys", 1));
        assertThat(result.facets().categories()).containsExactly(new FacetCount("home", 2), new FacetCount("home/lighting", 2));
        assertThat(result.facets().priceRanges()).extracting(PriceRangeCount::key, PriceRangeCount::count)
                .containsExactly(tuple("<25", 1L), tuple("25-50", 1L), tuple("50-100", 0L), tuple("100-200", 0L), tuple(">200", 0L));
    }

    @Test
    void categoryFacetCountsEachPathWithItsSubtree() {
        index.upsert(List.of(
                product(1, "Lamp").category("home/lighting/lamps").build(),
                product(2, "Lamp").category("home/lighting").build(),
                product(3, "Lamp").category("office").build()));

        assertThat(index.query(SearchQuery.text("lamp")).facets().categories()).containsExactly(
                new FacetCount("home", 2), new FacetCount("home/lighting", 2), new FacetCount("home/lighting/lamps", 1), new FacetCount("office", 1));
    }

    @Test
    void priceRangeFacetListsAllFiveBucketsFromInclusiveToExclusive() {
        index.upsert(List.of(
                product(1, "Lamp").price("24.99").build(),
                product(2, "Lamp").price("25").build(),
                product(3, "Lamp").price("100").build(),
                product(4, "Lamp").price("199.99").build(),
                product(5, "Lamp").price("200").build()));

        assertThat(index.query(SearchQuery.text("lamp")).facets().priceRanges()).containsExactly(
                new PriceRangeCount("<25", null, new BigDecimal("25"), 1),
                new PriceRangeCount("25-50", new BigDecimal("25"), new BigDecimal("50"), 1),
                new PriceRangeCount("50-100", new BigDecimal("50"), new BigDecimal("100"), 0),
                new PriceRangeCount("100-200", new BigDecimal("100"), new BigDecimal("200"), 2),
                new PriceRangeCount(">200", new BigDecimal("200"), null, 1));
    }

    @Test
    void deletesDocumentsByProductId() {
        index.upsert(List.of(product(1, "Lamp").build(), product(2, "Lamp").build(), product(3, "Lamp").build()));

        index.delete(List.of(1L, 3L, 99L));

        assertThat(ids(index.query(SearchQuery.text("lamp")))).containsExactly("2");
        assertThat(index.count()).isEqualTo(1);
    }

    @Test
    void deleteIndexedBeforeDropsOnlyDocumentsNotWrittenSinceTheCutoff() {
        index.upsert(List.of(product(1, "Lamp").build(), product(2, "Lamp").build()));
        clock.advance(Duration.ofNanos(1));
        Instant reindexStarted = clock.instant();
        index.upsert(List.of(product(2, "Lamp").build(), product(3, "Lamp").build()));
        clock.advance(Duration.ofMinutes(1));

        index.deleteIndexedBefore(reindexStarted);

        assertThat(ids(index.query(SearchQuery.text("lamp")))).containsExactlyInAnyOrder("2", "3");
    }

    @Test
    void countsEveryDocumentExactly() {
        index.upsert(IntStream.rangeClosed(1, 1234).mapToObj(id -> product(id, "Lamp " + id).build()).toList());

        assertThat(index.count()).isEqualTo(1234);
    }

    @Test
    void pagesTwentyResultsAtATimeWithTheTotalOfAllMatches() {
        index.upsert(IntStream.rangeClosed(1, 45).mapToObj(id -> product(id, "Lamp").build()).toList());

        List<String> seen = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            SearchResult result = index.query(SearchQuery.text("lamp").withPage(page));
            assertThat(result.total()).isEqualTo(45);
            assertThat(result.page()).isEqualTo(page);
            assertThat(result.pageSize()).isEqualTo(20);
            seen.addAll(ids(result));
        }
        assertThat(seen).hasSize(45).doesNotHaveDuplicates();
        assertThat(index.query(SearchQuery.text("lamp").withPage(3)).items()).isEmpty();
        // equal scores fall back to the product id, so pages never overlap or skip
        assertThat(seen).startsWith("1", "2", "3");
    }

    @Test
    void pagesBeyondTheResultWindowAreEmptyButStillCounted() {
        index.upsert(List.of(product(1, "Lamp").build()));

        SearchResult result = index.query(SearchQuery.text("lamp").withPage(600));

        assertThat(result.items()).isEmpty();
        assertThat(result.total()).isEqualTo(1);
    }

    @Test
    void blankTextMatchesEverythingRankedByBusinessBoosts() {
        index.upsert(List.of(
                product(1, "Lamp").soldOut().rating("5").reviews(1000).build(),
                product(2, "Chair").build(),
                product(3, "Table").rating("4.8").reviews(300).build()));

        SearchResult result = index.query(SearchQuery.text(" "));

        assertThat(ids(result)).containsExactly("3", "2", "1");
        assertThat(result.total()).isEqualTo(3);
    }

    @Test
    void inStockProductsRankAboveEquallyRelevantSoldOutOnes() {
        index.upsert(List.of(product(1, "Lamp").soldOut().build(), product(2, "Lamp").build()));

        assertThat(ids(index.query(SearchQuery.text("lamp")))).containsExactly("2", "1");
    }

    static List<String> ids(SearchResult result) {
        return result.items().stream().map(ProductSummary::id).toList();
    }

    static Product product(long id, String title) {
        return new Product(id, title);
    }

    /** A product document with defaults for everything a test does not care about. */
    static final class Product {
        private final long id;
        private final String title;
        private String description = "";
        private String brand = "Acme";
        private String brandSlug = "acme";
        private String category = "home";
        private BigDecimal price = new BigDecimal("10.00");
        private BigDecimal rating;
        private int reviews;
        private boolean inStock = true;

        Product(long id, String title) {
            this.id = id;
            this.title = title;
        }

        Product description(String description) { this.description = description; return this; }

        Product brand(String brand, String slug) { this.brand = brand; this.brandSlug = slug; return this; }

        Product category(String category) { this.category = category; return this; }

        Product price(String price) { this.price = new BigDecimal(price).setScale(2); return this; }

        Product rating(String rating) { this.rating = new BigDecimal(rating); return this; }

        Product reviews(int reviews) { this.reviews = reviews; return this; }

        Product soldOut() { this.inStock = false; return this; }

        ProductDocument build() {
            return new ProductDocument(id, "product-" + id, title, description, brand, brandSlug, category, price, "EUR",
                    rating, reviews, inStock, "https://img.example/" + id + ".jpg");
        }
    }

    static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        synchronized void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public synchronized Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
