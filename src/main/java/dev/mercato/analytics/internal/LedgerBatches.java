package dev.mercato.analytics.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.mercato.platform.database.TransientFailureRetry;

/**
 * Gathers the order events waiting to be recorded and hands them to {@link SalesLedger#record} a
 * batch at a time, from one thread: whatever queued while the previous batch ran is the next batch
 * (at most {@value #MAX_BATCH}). A delivery waits for its batch's commit, so an event's publication is
 * completed only once what it said is stored; one transaction, one commit and one write per rollup
 * row serve a whole batch. If a batch fails, its events are recorded one by one, so one bad event
 * fails only its own delivery (the outbox delivers it again later).
 *
 * <p>On shutdown the queue is drained before the database goes (this bean depends on it); a delivery
 * still waiting after {@link #DRAIN} fails, and its publication stays incomplete for the next start.
 */
@Component
class LedgerBatches {

    static final int MAX_BATCH = 256;
    private static final Duration DRAIN = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(LedgerBatches.class);

    private record Delivery(Object event, CompletableFuture<Boolean> recorded) {
    }

    private final SalesLedger ledger;
    private final TransientFailureRetry retry;
    private final LinkedBlockingQueue<Delivery> queue = new LinkedBlockingQueue<>();
    private final Thread worker;
    private volatile boolean closing;

    LedgerBatches(SalesLedger ledger, TransientFailureRetry retry) {
        this.ledger = ledger;
        this.retry = retry;
        this.worker = Thread.ofPlatform().name("analytics-ledger").daemon().start(this::work);
    }

    /** Completes with false for a re-delivery, true once the event is recorded; exceptionally if it could not be. */
    CompletableFuture<Boolean> submit(Object event) {
        Delivery delivery = new Delivery(event, new CompletableFuture<>());
        if (closing) {
            delivery.recorded().completeExceptionally(new IllegalStateException("shutting down: the event is delivered again after the restart"));
            return delivery.recorded();
        }
        queue.add(delivery);
        if (closing && queue.remove(delivery)) {
            // the worker may have stopped between the check above and the add: nobody would take it
            delivery.recorded().completeExceptionally(new IllegalStateException("shutting down: the event is delivered again after the restart"));
        }
        return delivery.recorded();
    }

    private void work() {
        List<Delivery> batch = new ArrayList<>(MAX_BATCH);
        while (!closing || !queue.isEmpty()) {
            try {
                Delivery first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                record(batch);
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException | Error e) {
                // record() completes every delivery; this is a last guard so the worker never dies
                log.error("analytics ledger batch failed unexpectedly size={}", batch.size(), e);
                batch.forEach(delivery -> delivery.recorded().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
        queue.forEach(delivery -> delivery.recorded().completeExceptionally(new IllegalStateException("analytics ledger stopped")));
    }

    private void record(List<Delivery> batch) {
        try {
            List<Boolean> firsts = retry.run(() -> ledger.record(batch.stream().map(Delivery::event).toList()));
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).recorded().complete(firsts.get(i));
            }
        } catch (RuntimeException failed) {
            if (batch.size() == 1) {
                batch.getFirst().recorded().completeExceptionally(failed);
                return;
            }
            log.warn("analytics ledger batch failed, recording its events one by one size={}", batch.size(), failed);
            for (Delivery delivery : batch) {
                record(List.of(delivery));
            }
        }
    }

    @PreDestroy
    void drain() throws InterruptedException {
        closing = true;
        worker.join(DRAIN);
        if (worker.isAlive()) {
            log.warn("analytics ledger still busy after {}; waiting deliveries are left for the next start", DRAIN);
            worker.interrupt();
        }
    }
}
