package dev.mercato.search.opensearch;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mercato.search.SearchQuery;
import dev.mercato.search.internal.ProductIndex;
import dev.mercato.support.ApiTest;

import static dev.mercato.support.Products.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The application with {@code mercato.search.engine=opensearch}: the catalog reaches the cluster. */
@ExtendWith(OpenSearchNode.class)
class OpenSearchIndexingTests extends ApiTest {

    @DynamicPropertySource
    static void opensearch(DynamicPropertyRegistry properties) {
        properties.add("mercato.search.engine", () -> "opensearch");
        properties.add("mercato.search.opensearch.url", OpenSearchNode::url);
        properties.add("mercato.search.opensearch.index", () -> "app-" + UUID.randomUUID());
    }

    @Autowired
    ProductIndex index;

    @Test
    void theOpenSearchEngineReplacesLucene() {
        assertThat(index).isInstanceOf(OpenSearchProductIndex.class);
        assertThat(index.engine()).isEqualTo("opensearch");
    }

    @Test
    void aProductCreatedThroughTheAdminApiBecomesSearchable() {
        String title = unique("Quokka") + " Lantern";
        var created = api.post("/api/admin/products", product(title, "Lumen", "home/lighting", unique("SKU"), "42.00"), adminToken());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(index.query(SearchQuery.text(title)).items()).singleElement()
                        .satisfies(line -> assertThat(line.id()).isEqualTo(created.json().get("id").asString())));
    }
}
