package dev.mercato.search.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.mercato.catalog.Catalog;
import dev.mercato.catalog.SearchableProduct;
import dev.mercato.platform.jobs.JobId;
import dev.mercato.platform.jobs.Jobs;
import dev.mercato.support.ApiTest;
import dev.mercato.support.Searches;

import static dev.mercato.support.Products.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A reindex reads a product, the product changes and the event writes it, then the reindex writes what it read. */
class SearchReindexRaceTests extends ApiTest {

    @Autowired
    Catalog catalog;
    @Autowired
    SearchDocuments documents;
    @Autowired
    ProductIndex index;
    @Autowired
    SearchIndexer indexer;
    @Autowired
    Jobs jobs;
    @Autowired
    Clock clock;
    @Autowired
    SearchSettings settings;

    @Test
    void aChangeIndexedDuringAReindexIsNotLeftOverwrittenByTheStateTheReindexReadBefore() {
        String admin = adminToken();
        var searches = new Searches(api);
        String word = Searches.word();
        String sku = unique("RACE");
        var created = api.post("/api/admin/products", product(word + " Desk Lamp", "Lumen", "search/lamps", sku, "149.90"), admin);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long id = Long.parseLong(created.json().get("id").asString());
        searches.awaitOne(word, item -> item.get("price").asString().equals("149.90"));

        AtomicBoolean changed = new AtomicBoolean();
        // the reindex's read of the batch holding the product returns, then the price changes and its event is indexed
        Catalog racing = (Catalog) Proxy.newProxyInstance(Catalog.class.getClassLoader(), new Class<?>[] {Catalog.class}, (proxy, method, args) -> {
            Object result;
            try {
                result = method.invoke(catalog, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (method.getName().equals("searchableAfter") && holds((List<?>) result, id) && changed.compareAndSet(false, true)) {
                var replaced = api.put("/api/admin/products/" + id, product(word + " Desk Lamp", "Lumen", "search/lamps", sku, "99.00"), admin);
                assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
                searches.awaitOne(word, item -> item.get("price").asString().equals("99.00"));
            }
            return result;
        });
        var reindex = new SearchReindex(racing, documents, index, indexer, jobs, clock, settings, new IndexCompleteness());
        try {
            JobId job = reindex.start(null);
            await().atMost(Duration.ofSeconds(60)).until(() -> jobs.find(job).orElseThrow().status().equals("completed"));
        } finally {
            reindex.destroy();
        }

        assertThat(changed).isTrue();
        assertThat(searches.search("q=" + word).get("items").get(0).get("price").asString()).isEqualTo("99.00");
    }

    private static boolean holds(List<?> batch, long productId) {
        return batch.stream().anyMatch(p -> ((SearchableProduct) p).id().value() == productId);
    }
}
