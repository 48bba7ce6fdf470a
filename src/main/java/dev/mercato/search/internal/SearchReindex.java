package dev.mercato.search.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import dev.mercato.catalog.Catalog;
import dev.mercato.catalog.SearchableProduct;
import dev.mercato.platform.jobs.JobId;
import dev.mercato.platform.jobs.Jobs;
import dev.mercato.platform.jobs.ReadAhead;

/**
 * Rebuilds the index from the catalog as a background job with progress: writes every searchable
 * product in id order, then drops documents the pass did not write (products that left the catalog
 * while the index was not listening). The index keeps answering while it runs. Products the events
 * refreshed meanwhile are refreshed once more at the end, since this pass may have read them before
 * their change and written the older state last.
 */
@Component
public class SearchReindex implements DisposableBean {

    static final String JOB_KIND = "search-reindex";
    private static final Logger log = LoggerFactory.getLogger(SearchReindex.class);

    private final Catalog catalog;
    private final SearchDocuments documents;
    private final ProductIndex index;
    private final SearchIndexer indexer;
    private final Jobs jobs;
    private final Clock clock;
    private final int batchSize;
    private final IndexCompleteness completeness;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("search-reindex").factory());

    SearchReindex(Catalog catalog, SearchDocuments documents, ProductIndex index, SearchIndexer indexer, Jobs jobs, Clock clock,
            SearchSettings settings, IndexCompleteness completeness) {
        this.completeness = completeness;
        this.catalog = catalog;
        this.indexer = indexer;
        this.documents = documents;
        this.index = index;
        this.jobs = jobs;
        this.clock = clock;
        this.batchSize = settings.reindexBatch();
    }

    /** Starts a reindex in the background; reindexes queue behind each other, never run at once. */
    public JobId start(UUID requestedBy) {
        JobId job = jobs.start(JOB_KIND, catalog.searchableCount(), requestedBy);
        worker.submit(() -> {
            try {
                run(job);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                jobs.fail(job, "interrupted");
            } catch (RuntimeException e) {
                log.error("search reindex failed jobId={}", job, e);
                jobs.fail(job, e.getMessage());
            } finally {
                // after a failure too: stop noting, and put right what the partial pass may have overwritten
                try {
                    indexer.refreshNotedSince();
                } catch (RuntimeException e) {
                    log.warn("refreshing products changed during the reindex failed jobId={}", job, e);
                }
            }
        });
        return job;
    }

    /**
     * Reading from PostgreSQL and writing the index overlap: a reader thread fetches the next batch
     * (products and their stock) while this thread indexes the current one.
     */
    private void run(JobId job) throws InterruptedException {
        Instant startedAt = clock.instant();
        long started = System.nanoTime();
        indexer.noteRefreshes();
        long written = 0;
        // a failed read ends the pass with an exception: the job fails rather than drop documents
        try (var batches = ReadAhead.<List<ProductDocument>>start("search-reindex-read", 2, this::read);
                ProductIndex.BulkWrite bulk = index.bulk()) {
            List<ProductDocument> batch;
            while ((batch = batches.next()) != null) {
                bulk.add(batch);
                written += batch.size();
                jobs.advance(job, batch.size(), List.of());
            }
        }
        index.deleteIndexedBefore(startedAt);
        // events that arrived meanwhile may have been overwritten with what this pass read before them
        int refreshedAgain = indexer.refreshNotedSince();
        completeness.built();
        jobs.complete(job);
        double seconds = (System.nanoTime() - started) / 1e9;
        log.info("search reindex completed jobId={} engine={} products={} refreshedAgain={} seconds={} perSecond={}",
                job, index.engine(), written, refreshedAgain, String.format("%.1f", seconds), Math.round(written / Math.max(seconds, 0.001)));
    }

    /** Puts every searchable product on the queue, in batches. */
    private void read(ReadAhead.Sink<List<ProductDocument>> batches) throws InterruptedException {
        long after = 0;
        List<SearchableProduct> batch;
        while (!(batch = catalog.searchableAfter(after, batchSize)).isEmpty()) {
            batches.put(documents.of(batch));
            after = batch.getLast().id().value();
        }
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }
}
