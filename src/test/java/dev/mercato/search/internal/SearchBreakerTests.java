package dev.mercato.search.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;

import dev.mercato.search.ProductIndexContract.MutableClock;
import dev.mercato.search.SearchQuery;
import dev.mercato.search.SearchResult;
import dev.mercato.search.postgres.PostgresFullTextSearch;
import dev.mercato.support.ApiTest;

import static dev.mercato.support.Products.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The breaker around the index, with failures injected into the real Lucene index and the real
 * PostgreSQL fallback answering; time is moved by hand.
 */
class SearchBreakerTests extends ApiTest {

    @Autowired
    ProductIndex lucene;

    @Autowired
    PostgresFullTextSearch postgres;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final FailingIndex index = new FailingIndex();
    private SearchService search;
    private SearchQuery query;

    @BeforeEach
    void setUp() {
        var settings = new SearchSettings("lucene", new ClassPathResource("search/synonyms.txt"), null, null,
                new SearchSettings.Breaker(3, Duration.ofSeconds(10), 2), 1000, Duration.ofMinutes(5));
        search = new SearchService(index, postgres, new SearchBreaker(settings, clock, meters), new IndexCompleteness(), meters);
        String category = unique("breaker").toLowerCase();
        var created = api.post("/api/admin/products", product("Breaker Kettle", "Brewco", category, unique("BRK"), "30.00"), adminToken());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        query = SearchQuery.text("kettle").withCategory(category);
        await().until(() -> lucene.query(query).total() == 1);
    }

    @Test
    void opensAfterThreeConsecutiveFailuresAndPostgresAnswers() {
        index.failing.set(true);
        for (int i = 0; i < 3; i++) {
            assertFallback(search.search(query));
        }
        assertThat(state()).isEqualTo(2.0);
        assertThat(index.calls.get()).isEqualTo(3);

        index.failing.set(false);
        assertFallback(search.search(query));
        assertThat(index.calls.get()).as("an open breaker does not call the index").isEqualTo(3);
    }

    @Test
    void failuresMustBeConsecutiveToOpen() {
        index.failing.set(true);
        search.search(query);
        search.search(query);
        index.failing.set(false);
        assertThat(search.search(query).fallback()).isFalse();
        index.failing.set(true);
        search.search(query);
        search.search(query);
        assertThat(state()).isEqualTo(0.0);
        search.search(query);
        assertThat(state()).isEqualTo(2.0);
    }

    @Test
    void halfOpenAfterTenSecondsAndClosedAfterTwoSuccesses() {
        openBreaker();
        clock.advance(Duration.ofSeconds(9));
        assertFallback(search.search(query));
        assertThat(state()).isEqualTo(2.0);

        clock.advance(Duration.ofSeconds(2));
        SearchResult first = search.search(query);
        assertThat(first.fallback()).isFalse();
        assertThat(first.engine()).isEqualTo("lucene");
        assertThat(state()).isEqualTo(1.0);
        assertThat(search.search(query).fallback()).isFalse();
        assertThat(state()).isEqualTo(0.0);
    }

    @Test
    void aFailureWhileHalfOpenOpensAgain() {
        openBreaker();
        clock.advance(Duration.ofSeconds(11));
        assertThat(search.search(query).fallback()).isFalse();
        assertThat(state()).isEqualTo(1.0);
        index.failing.set(true);
        assertFallback(search.search(query));
        assertThat(state()).isEqualTo(2.0);
    }

    @Test
    void latencyIsRecordedPerEngine() {
        search.search(query);
        index.failing.set(true);
        search.search(query);
        assertThat(meters.get("search.latency").tag("engine", "lucene").tag("query_type", "text_filtered").timer().count()).isEqualTo(1);
        assertThat(meters.get("search.latency").tag("engine", "postgres").tag("query_type", "text_filtered").timer().count()).isEqualTo(1);
    }

    private void openBreaker() {
        index.failing.set(true);
        for (int i = 0; i < 3; i++) {
            search.search(query);
        }
        assertThat(state()).isEqualTo(2.0);
        index.failing.set(false);
    }

    private void assertFallback(SearchResult result) {
        assertThat(result.fallback()).isTrue();
        assertThat(result.engine()).isEqualTo("postgres");
        assertThat(result.total()).isEqualTo(1);
        assertThat(result.items().getFirst().title()).isEqualTo("Breaker Kettle");
        assertThat(result.facets().brands()).isEmpty();
    }

    private double state() {
        return meters.get("circuit_breaker_state").tag("service", "search").gauge().value();
    }

    /** The application's real index, failing on demand the way an engine that is down does. */
    private final class FailingIndex implements ProductIndex {

        final AtomicBoolean failing = new AtomicBoolean();
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public SearchResult query(SearchQuery q) {
            calls.incrementAndGet();
            if (failing.get()) {
                throw new IllegalStateException("injected: search engine unavailable");
            }
            return lucene.query(q);
        }

        @Override
        public String engine() {
            return lucene.engine();
        }

        @Override
        public void upsert(List<ProductDocument> documents) {
            lucene.upsert(documents);
        }

        @Override
        public void delete(Collection<Long> productIds) {
            lucene.delete(productIds);
        }

        @Override
        public void deleteIndexedBefore(Instant cutoff) {
            lucene.deleteIndexedBefore(cutoff);
        }

        @Override
        public long count() {
            return lucene.count();
        }
    }
}
