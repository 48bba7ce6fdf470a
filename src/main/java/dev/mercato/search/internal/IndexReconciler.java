package dev.mercato.search.internal;

import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.mercato.catalog.Catalog;

/**
 * Compares how many products the catalog can show with how many documents the index holds, and
 * reports the difference ({@code search_index_drift}, a warning log). A drift that stays is repaired
 * by a reindex (admin route); events in flight cause a passing one.
 */
@Component
public class IndexReconciler {

    private static final Logger log = LoggerFactory.getLogger(IndexReconciler.class);

    private final Catalog catalog;
    private final ProductIndex index;
    private final AtomicLong documents = new AtomicLong();
    private final AtomicLong drift = new AtomicLong();

    IndexReconciler(Catalog catalog, ProductIndex index, MeterRegistry meters, SearchSettings settings) {
        this.catalog = catalog;
        this.index = index;
        Gauge.builder("search_index_documents", documents, AtomicLong::get).tag("engine", index.engine())
                .description("Documents in the search index at the last reconciliation").register(meters);
        Gauge.builder("search_index_drift", drift, AtomicLong::get).tag("engine", index.engine())
                .description("Searchable products in the database minus documents in the index, at the last reconciliation").register(meters);
    }

    public record Report(String engine, long searchable, long indexed, long drift) {
    }

    /** The engine's name, known without asking it. */
    public String engine() {
        return index.engine();
    }

    /**
     * Runs every {@code mercato.search.reconcile-every}, the first time a minute after start: the
     * index may still be opening or catching up on start-up events, and a drift then means nothing.
     */
    @Scheduled(initialDelayString = "PT1M", fixedDelayString = SearchSettings.RECONCILE_EVERY)
    public Report reconcile() {
        long searchable = catalog.searchableCount();
        long indexed = index.count();
        documents.set(indexed);
        drift.set(searchable - indexed);
        if (searchable != indexed) {
            log.warn("search index drift engine={} searchable={} indexed={} drift={}", index.engine(), searchable, indexed, searchable - indexed);
        } else {
            log.info("search index reconciled engine={} documents={}", index.engine(), indexed);
        }
        return new Report(index.engine(), searchable, indexed, searchable - indexed);
    }
}
