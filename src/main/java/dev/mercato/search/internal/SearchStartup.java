package dev.mercato.search.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.mercato.catalog.Catalog;

/**
 * Builds the index when this process found it empty (first start, or the directory was wiped).
 * Runs after the demo catalog and stock loaders (orders 10 and 20), so the build sees their stock;
 * an index that already had documents is trusted and kept current by events. Until that build
 * completes searches are answered from PostgreSQL ({@link IndexCompleteness}), so a node that is
 * ready never answers {@code total 0} for a catalog it has not indexed yet. An engine that cannot
 * be reached at start does not stop the application: searches fall back to PostgreSQL meanwhile.
 */
@Component
@Order(30)
class SearchStartup implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(SearchStartup.class);

    private final ProductIndex index;
    private final Catalog catalog;
    private final SearchReindex reindex;
    private final IndexCompleteness completeness;
    private final boolean emptyAtStart;

    SearchStartup(ProductIndex index, Catalog catalog, SearchReindex reindex, IndexCompleteness completeness) {
        this.index = index;
        this.catalog = catalog;
        this.reindex = reindex;
        this.completeness = completeness;
        this.emptyAtStart = countOrMinusOne(index) == 0;
        if (emptyAtStart) {
            // before the web server takes requests, not only once run() starts the build
            completeness.foundEmpty();
        }
    }

    private static long countOrMinusOne(ProductIndex index) {
        try {
            return index.count();
        } catch (RuntimeException e) {
            log.warn("search index unreachable at start, not building it engine={} error={}", index.engine(), e.toString());
            return -1;
        }
    }

    @Override
    public void run(ApplicationArguments args) {
        long searchable = catalog.searchableCount();
        if (emptyAtStart && searchable > 0) {
            log.info("search index was empty at start, building it; searches answered from postgres until it is built engine={} products={} jobId={}",
                    index.engine(), searchable, reindex.start(null));
        } else if (emptyAtStart) {
            completeness.built();
        }
    }
}
