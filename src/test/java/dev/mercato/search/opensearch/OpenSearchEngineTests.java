package dev.mercato.search.opensearch;

import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;

import dev.mercato.catalog.ProductSummary;
import dev.mercato.search.ProductIndexContract.MutableClock;
import dev.mercato.search.SearchFacets.FacetCount;
import dev.mercato.search.SearchFacets.PriceRangeCount;
import dev.mercato.search.SearchQuery;
import dev.mercato.search.SearchResult;
import dev.mercato.search.internal.ProductDocument;
import dev.mercato.search.internal.ProductIndex;
import dev.mercato.search.internal.SynonymRules;

import static dev.mercato.search.opensearch.OpenSearchProductIndexTests.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** What the OpenSearch engine does beyond {@code ProductIndexContract}: its index, its limits, its edges. */
@ExtendWith(OpenSearchNode.class)
class OpenSearchEngineTests {

    private static final AtomicInteger indexes = new AtomicInteger();
    private static final Resource SYNONYMS = new ClassPathResource("search/synonyms.txt");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
    private final List<OpenSearchProductIndex> opened = new ArrayList<>();
    private String indexName;
    private OpenSearchProductIndex index;

    /** A new index per test: deleted documents would otherwise still weigh in BM25 statistics. */
    @BeforeEach
    void newIndex() {
        indexName = "engine-" + indexes.incrementAndGet();
        index = open(indexName, SYNONYMS);
    }

    @AfterEach
    void deleteIndex() throws Exception {
        for (OpenSearchProductIndex adapter : opened) {
            adapter.close();
        }
        OpenSearchNode.deleteIndex(indexName);
    }

    @Test
    void synonymsAlsoMatchOtherFormsOfTheWord() {
        index.upsert(List.of(product(1, "Velvet couch").build(), product(2, "Velvet armchair").build()));

        assertThat(ids(index.query(SearchQuery.text("velvet sofas")))).containsExactly("1");
        assertThat(ids(index.query(SearchQuery.text("settees")))).containsExactly("1");
    }

    @Test
    void synonymsEditedSinceTheIndexWasCreatedApplyWhenTheApplicationStartsAgain() throws Exception {
        index.upsert(List.of(product(1, "Brass luminaire").build()));
        assertThat(ids(index.query(SearchQuery.text("lamp")))).isEmpty();

        OpenSearchProductIndex restarted = open(indexName, synonyms("lamp, luminaire"));

        assertThat(ids(restarted.query(SearchQuery.text("lamp")))).containsExactly("1");
        assertThat(ids(restarted.query(SearchQuery.text("sofa")))).isEmpty();
        assertThat(restarted.count()).isEqualTo(1);
    }

    @Test
    void bulkWritesBecomeVisibleWhenTheBulkIsClosed() {
        try (ProductIndex.BulkWrite bulk = index.bulk()) {
            for (int batch = 0; batch < 3; batch++) {
                int first = batch * 500 + 1;
                bulk.add(IntStream.range(first, first + 500).mapToObj(id -> product(id, "Lamp " + id).build()).toList());
            }
        }

        assertThat(index.count()).isEqualTo(1500);
        assertThat(index.query(SearchQuery.text("lamp")).total()).isEqualTo(1500);
    }

    @Test
    void recreatesTheIndexWhenItWasDeletedBehindItsBack() throws Exception {
        index.upsert(List.of(product(1, "Lamp").build()));
        OpenSearchNode.deleteIndex(indexName);

        assertThatThrownBy(index::count).isInstanceOf(RuntimeException.class);
        index.upsert(List.of(product(2, "Lamp").build()));

        assertThat(ids(index.query(SearchQuery.text("lamp")))).containsExactly("2");
    }

    @Test
    void failsRatherThanWaitsWhenTheClusterIsUnreachable() throws Exception {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (var unreachable = new OpenSearchProductIndex(settings("http://127.0.0.1:" + closedPort, "nowhere", SYNONYMS),
                SynonymRules.load(SYNONYMS), clock)) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> unreachable.query(SearchQuery.text("lamp"))).isInstanceOf(RuntimeException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void deleteIndexedBeforeKeepsADocumentWrittenANanosecondAfterTheCutoff() {
        index.upsert(List.of(product(1, "Lamp").build(), product(2, "Lamp").build()));
        clock.advance(Duration.ofNanos(1));
        Instant cutoff = clock.instant();
        index.upsert(List.of(product(2, "Lamp").build()));

        index.deleteIndexedBefore(cutoff);

        assertThat(ids(index.query(SearchQuery.text("lamp")))).containsExactly("2");
    }

    @Test
    void selectedBrandsNarrowTheCategoryAndPriceFacetsButNotTheBrandFacet() {
        index.upsert(List.of(
                product(1, "Lamp").brand("Lumen", "lumen").category("home/lighting").price("10").build(),
                product(2, "Lamp").brand("Lumen", "lumen").category("home/lighting").price("30").build(),
                product(3, "Lamp").brand("Nordlys", "nordlys").category("office").price("30").build(),
                product(4, "Lamp").brand("Arc", "arc").category("office").price("300").build()));

        SearchResult result = index.query(SearchQuery.text("lamp").withBrands(List.of("LUMEN", "arc")));

        assertThat(ids(result)).containsExactlyInAnyOrder("1", "2", "4");
        assertThat(result.facets().brands()).containsExactly(new FacetCount("Lumen", 2), new FacetCount("Arc", 1), new FacetCount("Nordlys", 1));
        assertThat(result.facets().categories()).containsExactly(
                new FacetCount("home", 2), new FacetCount("home/lighting", 2), new FacetCount("office", 1));
        assertThat(result.facets().priceRanges()).extracting(PriceRangeCount::key, PriceRangeCount::count)
                .containsExactly(tuple("<25", 1L), tuple("25-50", 1L), tuple("50-100", 0L), tuple("100-200", 0L), tuple(">200", 1L));
    }

    @Test
    void priceBucketsIncludeTheirLowerBoundToTheCent() {
        index.upsert(List.of(
                product(1, "Lamp").price("24.99").build(),
                product(2, "Lamp").price("25").build(),
                product(3, "Lamp").price("199.99").build(),
                product(4, "Lamp").price("200").build()));

        assertThat(index.query(SearchQuery.text("lamp")).facets().priceRanges()).extracting(PriceRangeCount::count)
                .containsExactly(1L, 1L, 0L, 1L, 1L);
        assertThat(ids(index.query(SearchQuery.text("lamp").withPrice(new BigDecimal("24.991"), new BigDecimal("199.989")))))
                .containsExactly("2");
    }

    @Test
    void pagesBeyondTheResultWindowAreEmptyButStillCounted() {
        index.upsert(List.of(product(1, "Lamp").build()));

        SearchResult result = index.query(SearchQuery.text("lamp").withPage(600));

        assertThat(result.items()).isEmpty();
        assertThat(result.total()).isEqualTo(1);
        assertThat(result.page()).isEqualTo(600);
    }

    private OpenSearchProductIndex open(String name, Resource synonyms) {
        OpenSearchProductIndex adapter = new OpenSearchProductIndex(settings(OpenSearchNode.url(), name, synonyms), SynonymRules.load(synonyms), clock);
        opened.add(adapter);
        return adapter;
    }

    private static Resource synonyms(String lines) {
        return new ByteArrayResource(("# edited\n" + lines + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> ids(SearchResult result) {
        return result.items().stream().map(ProductSummary::id).toList();
    }

    private static Product product(long id, String title) {
        return new Product(id, title);
    }

    /** A product document with defaults for everything a test does not care about. */
    private static final class Product {
        private final long id;
        private final String title;
        private String brand = "Acme";
        private String brandSlug = "acme";
        private String category = "home";
        private BigDecimal price = new BigDecimal("10.00");

        Product(long id, String title) {
            this.id = id;
            this.title = title;
        }

        Product brand(String brand, String slug) {
            this.brand = brand;
            this.brandSlug = slug;
            return this;
        }

        Product category(String category) {
            this.category = category;
            return this;
        }

        Product price(String price) {
            this.price = new BigDecimal(price);
            return this;
        }

        ProductDocument build() {
            return new ProductDocument(id, "product-" + id, title, "", brand, brandSlug, category, price, "EUR",
                    null, 0, true, "https://img.example/" + id + ".jpg");
        }
    }
}
