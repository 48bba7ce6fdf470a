package dev.mercato.search;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import dev.mercato.catalog.Catalog;
import dev.mercato.search.internal.ProductIndex;
import dev.mercato.support.ApiTest;
import dev.mercato.support.Searches;

import static dev.mercato.support.Products.product;
import static dev.mercato.support.Products.variant;
import static dev.mercato.support.Products.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Search over HTTP against the whole application: the index follows catalog and stock events. */
class SearchApiTests extends ApiTest {

    private static final Duration INDEXED_WITHIN = Searches.INDEXED_WITHIN;

    private Searches searches;

    @org.junit.jupiter.api.BeforeEach
    void searches() {
        searches = new Searches(api);
    }

    @Autowired
    ProductIndex index;

    @Autowired
    Catalog catalog;

    @Test
    void priceStockAndDeactivationReachTheIndex() {
        String admin = adminToken();
        String word = Searches.word();
        String sku = unique("SRCH");
        var created = api.post("/api/admin/products", product(word + " Reading Lamp", "Lumen", "search/lamps", sku, "149.90"), admin);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();

        JsonNode line = searches.awaitOne(word, item -> item.get("price").asString().equals("149.90"));
        assertThat(line.get("id").asString()).isEqualTo(id);
        assertThat(line.get("inStock").asBoolean()).isFalse();

        api.post("/api/admin/warehouses", Map.of("code", "main", "name", "Main", "priority", 0), admin);
        assertThat(api.put("/api/admin/stock/" + sku + "/main", Map.of("quantity", 5), admin).status()).isEqualTo(200);
        searches.awaitOne(word, item -> item.get("inStock").asBoolean());

        var replaced = api.put("/api/admin/products/" + id, product(word + " Reading Lamp", "Lumen", "search/lamps", sku, "99.00"), admin);
        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
        searches.awaitOne(word, item -> item.get("price").asString().equals("99.00"));

        assertThat(api.delete("/api/admin/products/" + id, admin).status()).isIn(200, 204);
        await().atMost(INDEXED_WITHIN).until(() -> searches.search("q=" + word).get("total").asLong() == 0);
    }

    @Test
    void filtersAndFacetsOverHttp() {
        String admin = adminToken();
        String word = Searches.word();
        String category = "search-" + word.toLowerCase();
        api.post("/api/admin/products", product(word + " Oak Chair", "Alpha", category + "/chairs", unique("A1"), "20.00"), admin);
        api.post("/api/admin/products", product(word + " Pine Chair", "Alpha", category + "/chairs", unique("A2"), "60.00"), admin);
        api.post("/api/admin/products", product(word + " Glass Table", "Beta", category + "/tables", unique("B1"), "250.00"), admin);
        await().atMost(INDEXED_WITHIN).until(() -> searches.search("q=" + word).get("total").asLong() == 3);

        JsonNode result = searches.search("q=" + word + "&category=" + category + "&brand=alpha");
        assertThat(result.get("engine").asString()).isEqualTo("lucene");
        assertThat(result.get("fallback").asBoolean()).isFalse();
        assertThat(result.get("pageSize").asInt()).isEqualTo(20);
        assertThat(result.get("total").asLong()).isEqualTo(2);
        assertThat(result.get("items")).allSatisfy(item -> assertThat(item.get("brand").asString()).isEqualTo("Alpha"));
        JsonNode facets = result.get("facets");
        assertThat(facets.get("brands").toString()).contains("{\"value\":\"Alpha\",\"count\":2}", "{\"value\":\"Beta\",\"count\":1}");
        assertThat(facets.get("categories").toString()).contains("{\"value\":\"" + category + "/chairs\",\"count\":2}")
                .doesNotContain(category + "/tables");
        assertThat(facets.get("priceRanges")).hasSize(5);
        assertThat(facets.get("priceRanges").get(0).toString()).contains("\"key\":\"<25\"", "\"count\":1");

        assertThat(searches.search("q=" + word + "&maxPrice=60&minPrice=20").get("total").asLong()).isEqualTo(2);
        assertThat(searches.search("q=" + word + "&brand=alpha&brand=beta").get("total").asLong()).isEqualTo(3);
    }

    @Test
    void reindexAfterAWipedIndexRestoresEveryProduct() {
        String admin = adminToken();
        String word = Searches.word();
        api.post("/api/admin/products", with(product(word + " Vase", "Vessel", "search/vases", unique("V"), "35.00"),
                "variants", java.util.List.of(variant(unique("V1"), "35.00"), variant(unique("V2"), "45.00"))), admin);
        await().atMost(INDEXED_WITHIN).until(() -> searches.search("q=" + word).get("total").asLong() == 1);

        index.deleteIndexedBefore(Instant.now().plus(Duration.ofDays(1)));
        assertThat(index.count()).isZero();
        assertThat(searches.search("q=" + word).get("total").asLong()).isZero();

        var started = api.post("/api/admin/search/reindex", "", admin);
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        String job = started.json().get("jobId").asString();
        await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/api/admin/jobs/" + job, admin).json().get("status").asString().equals("completed"));

        assertThat(index.count()).isEqualTo(catalog.searchableCount());
        assertThat(searches.search("q=" + word).get("items").get(0).get("price").asString()).isEqualTo("35.00");
        var status = api.get("/api/admin/search/status", admin).json();
        assertThat(status.get("drift").asLong()).isZero();
        assertThat(status.get("circuitBreaker").asString()).isEqualTo("closed");
    }

    @Test
    void badQueriesAreProblems() {
        assertProblem("q=x&minPrice=50&maxPrice=10", "invalid-price-range");
        assertThat(api.get("/api/search?page=500", null).status()).isEqualTo(400);
        assertThat(api.get("/api/search?category=Not%20A%20Path", null).status()).isEqualTo(400);
        assertThat(api.get("/api/search?minRating=6", null).status()).isEqualTo(400);
        assertThat(api.get("/api/search?minPrice=abc", null).status()).isEqualTo(400);
        assertThat(api.get("/api/search?q=" + "x".repeat(201), null).status()).isEqualTo(400);
    }

    @Test
    void searchesAreTimedAndTheBreakerStateIsExported() {
        searches.search("q=lamp");
        String scrape = api.get("/actuator/prometheus", adminToken()).body();
        assertThat(scrape).containsPattern("search_latency_seconds_bucket\\{[^}]*engine=\"lucene\"[^}]*query_type=\"text\"[^}]*le=\"0.01\"");
        assertThat(scrape).containsPattern("circuit_breaker_state\\{[^}]*service=\"search\"[^}]*\\} 0.0");
        assertThat(scrape).contains("search_index_drift");
    }

    @Test
    void adminRoutesNeedAnAdmin() {
        assertThat(api.post("/api/admin/search/reindex", "", null).status()).isEqualTo(401);
        assertThat(api.post("/api/admin/search/reindex", "", customerToken()).status()).isEqualTo(403);
    }



    private void assertProblem(String query, String code) {
        var response = api.get("/api/search?" + query, null);
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.body()).contains(code);
    }

}
