package dev.mercato.search.opensearch;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import dev.mercato.catalog.Catalog;
import dev.mercato.search.internal.ProductIndex;
import dev.mercato.support.ApiTest;
import dev.mercato.support.Searches;

import static dev.mercato.support.Products.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The whole application with {@code mercato.search.engine=opensearch}: catalog and stock reach the cluster, /api/search answers from it. */
@ExtendWith(OpenSearchNode.class)
class OpenSearchApplicationTests extends ApiTest {

    private static final Duration INDEXED_WITHIN = Searches.INDEXED_WITHIN;

    private Searches searches;

    @org.junit.jupiter.api.BeforeEach
    void searches() {
        searches = new Searches(api);
    }

    @DynamicPropertySource
    static void opensearch(DynamicPropertyRegistry properties) {
        properties.add("mercato.search.engine", () -> "opensearch");
        properties.add("mercato.search.opensearch.url", OpenSearchNode::url);
        properties.add("mercato.search.opensearch.index", () -> "application-" + UUID.randomUUID());
    }

    @Autowired
    ProductIndex index;

    @Autowired
    Catalog catalog;

    @Test
    void theOpenSearchEngineReplacesLucene() {
        assertThat(index).isInstanceOf(OpenSearchProductIndex.class);
    }

    @Test
    void catalogAndStockChangesAreSearchableFromOpenSearch() {
        String admin = adminToken();
        String word = Searches.word();
        String sku = unique("OS");
        var created = api.post("/api/admin/products", product(word + " Lantern", "Lumen", "garden/lights", sku, "42.00"), admin);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);

        JsonNode line = searches.awaitOne(word, item -> !item.get("inStock").asBoolean());
        assertThat(line.get("id").asString()).isEqualTo(created.json().get("id").asString());
        assertThat(line.get("price").asString()).isEqualTo("42.00");

        api.post("/api/admin/warehouses", Map.of("code", "main", "name", "Main", "priority", 0), admin);
        assertThat(api.put("/api/admin/stock/" + sku + "/main", Map.of("quantity", 3), admin).status()).isEqualTo(200);
        searches.awaitOne(word, item -> item.get("inStock").asBoolean());

        JsonNode result = searches.search("q=" + word + "&brand=lumen&category=garden");
        assertThat(result.get("engine").asString()).isEqualTo("opensearch");
        assertThat(result.get("fallback").asBoolean()).isFalse();
        assertThat(result.get("facets").get("brands").toString()).contains("{\"value\":\"Lumen\",\"count\":1}");
    }

    @Test
    void theAdminReindexRebuildsTheOpenSearchIndex() {
        String admin = adminToken();
        String word = Searches.word();
        api.post("/api/admin/products", product(word + " Bench", "Woodcraft", "garden/benches", unique("OS"), "120.00"), admin);
        searches.awaitOne(word, item -> true);
        index.deleteIndexedBefore(Instant.now().plus(Duration.ofDays(1)));

        var started = api.post("/api/admin/search/reindex", "", admin);
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        String job = started.json().get("jobId").asString();
        await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/api/admin/jobs/" + job, admin).json().get("status").asString().equals("completed"));

        assertThat(index.count()).isEqualTo(catalog.searchableCount());
        assertThat(searches.search("q=" + word).get("total").asLong()).isEqualTo(1);
        assertThat(api.get("/api/admin/search/status", admin).json().get("engine").asString()).isEqualTo("opensearch");
    }



}
