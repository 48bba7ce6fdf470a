package dev.mercato.orders.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.mercato.customers.CustomerEmailHashes;
import dev.mercato.platform.jobs.JobId;
import dev.mercato.platform.jobs.Jobs;

/**
 * Moves final-state orders created before a cut-off into {@link OrderArchive}, oldest first, one
 * transaction per batch, as a job with progress. Resumable by construction: the job keeps no cursor of
 * its own, each batch takes the oldest eligible orders still live, so a run that died (or failed) half-way
 * is finished by the next run, and no order is ever in both places or in neither. Runs queue behind each
 * other on one worker; two nodes may run at once, since batches lock their orders with SKIP LOCKED.
 */
@Component
public class Archival implements DisposableBean {

    static final String JOB_KIND = "orders-archival";
    private static final Logger log = LoggerFactory.getLogger(Archival.class);

    private final OrderArchive archive;
    private final CustomerEmailHashes emailHashes;
    private final Jobs jobs;
    private final TransactionTemplate transactions;
    private final ArchivalSettings settings;
    private final Clock clock;
    private final Counter archived;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("orders-archival").factory());

    Archival(OrderArchive archive, CustomerEmailHashes emailHashes, Jobs jobs, TransactionTemplate transactions,
            ArchivalSettings settings, Clock clock, MeterRegistry metrics) {
        this.archive = archive;
        this.emailHashes = emailHashes;
        this.jobs = jobs;
        this.transactions = transactions;
        this.settings = settings;
        this.clock = clock;
        this.archived = Counter.builder("orders_archived").description("orders moved to the archive").register(metrics);
    }

    /** The default cut-off: now minus the retention. */
    public Instant defaultBefore() {
        return clock.instant().minus(settings.retention());
    }

    /** Starts a run in the background for orders created before {@code before}; returns its job at once. */
    public JobId start(Instant before, UUID requestedBy) {
        Objects.requireNonNull(before, "before");
        JobId job = jobs.start(JOB_KIND, archive.countEligible(before), requestedBy);
        worker.submit(() -> {
            try {
                run(job, before);
                jobs.complete(job);
            } catch (RuntimeException e) {
                // batches that committed stay archived; the next run moves the rest
                log.error("order archival failed jobId={} before={}", job, before, e);
                jobs.fail(job, e.getMessage());
            }
        });
        return job;
    }

    @Scheduled(cron = ArchivalSettings.CRON)
    void scheduledArchival() {
        JobId job = start(defaultBefore(), null);
        log.info("monthly order archival started jobId={}", job);
    }

    private void run(JobId job, Instant before) {
        int batchSize = Math.max(1, settings.batchSize());
        long moved = 0;
        while (true) {
            Integer batch = transactions.execute(tx -> moveOneBatch(before, batchSize));
            if (batch == null || batch == 0) {
                break;
            }
            moved += batch;
            archived.increment(batch);
            jobs.advance(job, batch, List.of());
        }
        log.info("order archival finished jobId={} moved={} before={}", job, moved, before);
    }

    private int moveOneBatch(Instant before, int batchSize) {
        List<OrderArchive.Candidate> batch = archive.lockBatch(before, batchSize);
        if (batch.isEmpty()) {
            return 0;
        }
        Map<UUID, String> hashes = emailHashes.of(batch.stream().map(OrderArchive.Candidate::customerId)
                .filter(Objects::nonNull).distinct().toList());
        return archive.move(batch, hashes, clock.instant());
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }
}
