package dev.mercato.search.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;

import dev.mercato.catalog.Catalog;
import dev.mercato.platform.jobs.Jobs;
import dev.mercato.search.SearchQuery;
import dev.mercato.search.SearchResult;
import dev.mercato.search.postgres.PostgresFullTextSearch;
import dev.mercato.support.ApiTest;

import static dev.mercato.support.Products.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12: right after readiness, while the index found empty at start was still being built in
 * the background, searches answered {@code total 0}. Here the start-up runs against an empty index
 * whose build is held at its first read: searches are answered from PostgreSQL until the build
 * completes, then by the index.
 */
class IndexBuildingTests extends ApiTest {

    @Autowired
    Catalog catalog;
    @Autowired
    SearchDocuments documents;
    @Autowired
    SearchIndexer indexer;
    @Autowired
    Jobs jobs;
    @Autowired
    Clock clock;
    @Autowired
    PostgresFullTextSearch postgres;

    @Test
    void whileTheIndexFoundEmptyAtStartIsBuiltSearchesAreAnsweredFromPostgresThenFromTheIndex() throws Exception {
        String category = unique("building").toLowerCase();
        var created = api.post("/api/admin/products", product("Building Teapot", "Brewco", category, unique("BLD"), "12.00"), adminToken());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        SearchQuery query = SearchQuery.text("teapot").withCategory(category);

        CountDownLatch release = new CountDownLatch(1);
        Catalog held = (Catalog) Proxy.newProxyInstance(Catalog.class.getClassLoader(), new Class<?>[] {Catalog.class}, (proxy, method, args) -> {
            if (method.getName().equals("searchableAfter")) {
                release.await(30, TimeUnit.SECONDS);
            }
            try {
                return method.invoke(catalog, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
        var settings = new SearchSettings("lucene", new ClassPathResource("search/synonyms.txt"), null, null,
                new SearchSettings.Breaker(3, Duration.ofSeconds(10), 2), 1000, Duration.ofMinutes(5));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        EmptyAtFirstIndex index = new EmptyAtFirstIndex();
        IndexCompleteness completeness = new IndexCompleteness();
        SearchReindex reindex = new SearchReindex(held, documents, index, indexer, jobs, clock, settings, completeness);
        try {
            SearchStartup startup = new SearchStartup(index, catalog, reindex, completeness);
            SearchService search = new SearchService(index, postgres, new SearchBreaker(settings, clock, meters), completeness, meters);
            SearchResult beforeStart = search.search(query);
            startup.run(null);
            SearchResult whileBuilding = search.search(query);

            for (SearchResult result : List.of(beforeStart, whileBuilding)) {
                assertThat(result.total()).as("the catalog holds it though the index does not yet").isEqualTo(1);
                assertThat(result.engine()).isEqualTo("postgres");
            }
            assertThat(index.documents).as("the build is held").isEmpty();

            release.countDown();
            await().atMost(Duration.ofSeconds(30)).until(completeness::complete);
            SearchResult built = search.search(query);
            assertThat(built.engine()).as("the built index answers again").isEqualTo("memory");
            assertThat(index.documents).isNotEmpty();
        } finally {
            release.countDown();
            reindex.destroy();
        }
    }

    /** Starts empty, keeps what the build writes; answers every query with an empty page. */
    private static final class EmptyAtFirstIndex implements ProductIndex {
        final Map<Long, ProductDocument> documents = new ConcurrentHashMap<>();

        @Override
        public String engine() {
            return "memory";
        }

        @Override
        public void upsert(List<ProductDocument> batch) {
            batch.forEach(document -> documents.put(document.id(), document));
        }

        @Override
        public void delete(Collection<Long> productIds) {
            productIds.forEach(documents::remove);
        }

        @Override
        public void deleteIndexedBefore(Instant cutoff) {
        }

        @Override
        public SearchResult query(SearchQuery query) {
            return new SearchResult(List.of(), 0, query.page(), dev.mercato.search.ProductSearch.PAGE_SIZE, dev.mercato.search.SearchFacets.NONE, engine(), false);
        }

        @Override
        public long count() {
            return documents.size();
        }
    }
}
