package dev.mercato.search.internal;

import java.util.concurrent.TimeUnit;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import dev.mercato.search.ProductSearch;
import dev.mercato.search.SearchEngines;
import dev.mercato.search.SearchQuery;
import dev.mercato.search.SearchResult;
import dev.mercato.search.postgres.PostgresFullTextSearch;

/**
 * Asks the index through the circuit breaker, and PostgreSQL when the index fails, the breaker is
 * open or the index is still being built ({@link IndexCompleteness}), timing both as {@code search_latency_seconds{query_type, engine}}.
 */
@Service
class SearchService implements ProductSearch, SearchEngines {

    private static final Logger log = LoggerFactory.getLogger(SearchService.class);
    private static final Duration[] BUCKETS = {Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1)};
    private static final List<String> QUERY_TYPES = List.of("browse", "text", "text_filtered");

    private final ProductIndex index;
    private final PostgresFullTextSearch fallback;
    private final SearchBreaker breaker;
    private final IndexCompleteness completeness;
    private final MeterRegistry meters;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    SearchService(ProductIndex index, PostgresFullTextSearch fallback, SearchBreaker breaker, IndexCompleteness completeness,
            MeterRegistry meters) {
        this.index = index;
        this.completeness = completeness;
        this.fallback = fallback;
        this.breaker = breaker;
        this.meters = meters;
        // every series a dashboard or alert reads exists from the start, at 0, not only after its first query
        for (String type : QUERY_TYPES) {
            timer(type, index.engine());
            timer(type, "postgres");
        }
    }

    @Override
    public SearchResult search(SearchQuery query) {
        String type = queryType(query);
        long started = System.nanoTime();
        if (!completeness.complete()) {
            return answerFromPostgres(query, type);
        }
        try {
            SearchResult result = breaker.call(() -> index.query(query));
            timer(type, index.engine()).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            return result;
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (CallNotPermittedException e) {
            log.debug("search circuit open, answering from postgres");
        } catch (RuntimeException e) {
            log.warn("search engine failed, answering from postgres engine={} error={}", index.engine(), e.toString());
        }
        return answerFromPostgres(query, type);
    }

    private SearchResult answerFromPostgres(SearchQuery query, String type) {
        long fallbackStarted = System.nanoTime();
        SearchResult result = fallback.search(query);
        timer(type, "postgres").record(System.nanoTime() - fallbackStarted, TimeUnit.NANOSECONDS);
        return result;
    }

    @Override
    public SearchResult index(SearchQuery query) {
        return index.query(query);
    }

    @Override
    public SearchResult postgres(SearchQuery query) {
        return fallback.search(query);
    }

    @Override
    public String indexEngine() {
        return index.engine();
    }

    /** A small fixed set of labels: free text alone, text with filters, or filters alone (browsing). */
    static String queryType(SearchQuery query) {
        boolean filtered = query.categoryPath() != null || !query.brands().isEmpty() || query.minPrice() != null
                || query.maxPrice() != null || query.minRating() != null || query.inStockOnly();
        if (!query.hasText()) {
            return "browse";
        }
        return filtered ? "text_filtered" : "text";
    }

    private Timer timer(String type, String engine) {
        return timers.computeIfAbsent(type + '/' + engine, key -> Timer.builder("search.latency")
                .description("Time to answer a product search, by query type and the engine that answered")
                .tag("query_type", type).tag("engine", engine)
                .serviceLevelObjectives(BUCKETS)
                .register(meters));
    }
}
