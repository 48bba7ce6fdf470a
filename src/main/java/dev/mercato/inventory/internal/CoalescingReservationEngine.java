package dev.mercato.inventory.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.mercato.inventory.HoldCompanion;
import dev.mercato.inventory.InsufficientStockException;
import dev.mercato.inventory.ReservationEngine;
import dev.mercato.inventory.StockChanged;
import dev.mercato.platform.database.BatchDatabase;

/**
 * Per-SKU request coalescing with durable group commit (DESIGN.md section 4).
 *
 * <p>Design notes. Requests for one SKU join that SKU's lane, a lock-free queue. A request that
 * finds fewer than {@link #DRAINERS_PER_SKU} drainers on the lane starts one (a virtual thread); a
 * drainer takes up to {@code maxBatch} queued requests and grants them in one transaction
 * ({@link BatchGrants}), then answers every caller, and repeats while requests keep arriving. So a
 * hot SKU's stock row is locked once per batch instead of once per request, and batches grow by
 * themselves with load: while one transaction commits, the next batch queues up. With two drainers
 * one batch writes its holds while the other holds the row and commits ({@link BatchGrants#writeAhead});
 * {@link LockTurns} keeps them at the row in arrival order. Lanes of different SKUs never wait for
 * each other. Several nodes stay correct because the database row is still the single source of
 * truth; they contend once per batch.
 *
 * <p>Callers are answered only after the commit, so "granted" always means durable; if the batch
 * fails (connection lost, database down), every caller in it gets the failure, none hangs.
 *
 * <p>Once a batch leaves a SKU with nothing to sell, the lane is marked sold out and later
 * requests are refused from memory. The mark is lifted by a {@link StockChanged} event saying
 * units are back, and in any case after {@link #SOLD_OUT_RECHECK}, when a request goes to the
 * database again: a node that missed the event still cannot hide stock for longer than that.
 */
@Component("coalescing")
@Primary
class CoalescingReservationEngine implements ReservationEngine, AutoCloseable {

    static final Duration SOLD_OUT_RECHECK = Duration.ofMillis(500);
    /**
     * Batches of one SKU in flight at once. Two let one batch write its holds while the other
     * holds the stock row and commits; more would only queue at the row.
     */
    static final int DRAINERS_PER_SKU = 2;
    private static final Duration CALLER_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(CoalescingReservationEngine.class);

    private final BatchGrants grants;
    private final BatchCompanions companions;
    private final TransactionTemplate transactions;
    private final InventoryMetrics metrics;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate eventTransactions;
    private final CachedAvailability availability;
    private final Clock clock;
    private final int maxBatch;
    private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();
    private final ExecutorService drainers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("hold-batch-", 0).factory());

    CoalescingReservationEngine(BatchGrants grants, BatchCompanions companions, BatchDatabase database, InventoryMetrics metrics,
            ApplicationEventPublisher events, Clock clock, InventorySettings settings, TransactionTemplate eventTransactions,
            CachedAvailability availability) {
        this.grants = grants;
        this.companions = companions;
        this.availability = availability;
        this.eventTransactions = eventTransactions;
        this.transactions = database.transactions();
        this.metrics = metrics;
        this.events = events;
        this.clock = clock;
        this.maxBatch = settings.maxBatch();
    }

    private record Pending(BatchGrants.Request request, String sku, CompletableFuture<Reserved<?>> answer) {
    }

    /** What a batch's transaction decided: the grants, and what was committed with each (null where nothing was). */
    private record Decided(BatchGrants.Outcome outcome, Reserved<?>[] companions) {
    }

    private static final class Lane {
        final String sku;
        final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
        /** Drainers working on this lane, at most {@link #DRAINERS_PER_SKU}. */
        final AtomicInteger drainers = new AtomicInteger();
        /** Taking a batch and drawing its ticket happen together, so tickets follow arrival order. */
        final ReentrantLock taking = new ReentrantLock();
        final LockTurns turns = new LockTurns();
        /** System.nanoTime() until which the SKU is known sold out; 0 when it is not. */
        volatile long soldOutUntil;
        /** Where the latest batch left the first warehouse, with its ticket; a null hint until a batch has run. */
        final AtomicReference<TicketedHint> hint = new AtomicReference<>(new TicketedHint(-1, null));
        /** Units of the batches taken and not yet finished; the hint must cover them all for holds to be written ahead. */
        final AtomicLong unitsInFlight = new AtomicLong();

        Lane(String sku) {
            this.sku = sku;
        }

        /** Keeps the hint of the latest ticket: two batches may finish out of order. */
        void keepHint(long ticket, BatchGrants.Hint latest) {
            hint.accumulateAndGet(new TicketedHint(ticket, latest), (kept, offered) -> offered.ticket() > kept.ticket() ? offered : kept);
        }
    }

    private record TicketedHint(long ticket, BatchGrants.Hint hint) {
    }

    @Override
    public void reserve(String owner, String sku, int quantity, Instant expiresAt) {
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity must be positive");
        }
        await(submit(owner, sku, quantity, expiresAt));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <P, R> Reserved<R> reserve(String owner, String sku, int quantity, Instant expiresAt, HoldCompanion<P, R> companion,
            P payload) {
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity must be positive");
        }
        return (Reserved<R>) await(submit(new BatchGrants.Request(owner, quantity, expiresAt, companion, payload), sku));
    }

    CompletableFuture<Reserved<?>> submit(String owner, String sku, int quantity, Instant expiresAt) {
        return submit(new BatchGrants.Request(owner, quantity, expiresAt), sku);
    }

    private CompletableFuture<Reserved<?>> submit(BatchGrants.Request request, String sku) {
        Lane lane = lanes.computeIfAbsent(sku, Lane::new);
        if (System.nanoTime() < lane.soldOutUntil) {
            metrics.insufficient.increment();
            return CompletableFuture.failedFuture(new InsufficientStockException(sku, request.quantity(), 0));
        }
        Pending pending = new Pending(request, sku, new CompletableFuture<>());
        lane.queue.add(pending);
        startDrainerIfRoom(lane);
        return pending.answer();
    }

    private void startDrainerIfRoom(Lane lane) {
        if (claimDrainerSlot(lane)) {
            drainers.execute(() -> drain(lane));
        }
    }

    /** Counts one more drainer on the lane, unless it already has all it may have. */
    private static boolean claimDrainerSlot(Lane lane) {
        for (int running = lane.drainers.get(); running < DRAINERS_PER_SKU; running = lane.drainers.get()) {
            if (lane.drainers.compareAndSet(running, running + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Units are back for sale: stop answering "sold out" from memory. */
    void stockAvailable(String sku) {
        Lane lane = lanes.get(sku);
        if (lane != null) {
            lane.soldOutUntil = 0;
        }
    }

    private void drain(Lane lane) {
        while (true) {
            List<Pending> batch = new ArrayList<>(Math.min(maxBatch, 64));
            try {
                grant(lane, batch);
            } catch (RuntimeException | Error e) {
                // whatever went wrong, nobody in the batch is left waiting and the lane keeps its drainer count
                log.error("hold batch ended unexpectedly sku={} requests={}", lane.sku, batch.size(), e);
                batch.forEach(pending -> pending.answer().completeExceptionally(e));
            }
            if (Thread.currentThread().isInterrupted()) {
                // shutting down: a socket touched with the flag set would be closed, so stop here
                lane.drainers.decrementAndGet();
                return;
            }
            if (!batch.isEmpty()) {
                continue;
            }
            lane.drainers.decrementAndGet();
            // a request may have been queued after the poll, when this drainer still counted as running: take it over
            if (lane.queue.isEmpty() || !claimDrainerSlot(lane)) {
                return;
            }
        }
    }

    /** Takes what is queued (up to the bound), counts its units in flight and draws its ticket; nothing when the queue is empty. */
    private long take(Lane lane, List<Pending> batch) {
        lane.taking.lock();
        try {
            Pending next;
            while (batch.size() < maxBatch && (next = lane.queue.poll()) != null) {
                batch.add(next);
            }
            if (batch.isEmpty()) {
                return -1;
            }
            lane.unitsInFlight.addAndGet(units(batch));
            return lane.turns.draw();
        } finally {
            lane.taking.unlock();
        }
    }

    private static long units(List<Pending> batch) {
        long units = 0;
        for (Pending pending : batch) {
            units += pending.request().quantity();
        }
        return units;
    }

    /**
     * One batch: fills {@code batch} from the queue and grants it. The batch is taken only once the
     * transaction has its connection: a batch that holds a ticket then always holds a connection, so
     * the earliest ticket of every SKU can always go on, and two SKUs' batches waiting for each other's
     * connections cannot stall the small batch pool.
     */
    private void grant(Lane lane, List<Pending> batch) {
        long[] ticket = {-1};
        Decided decided;
        long started = System.nanoTime();
        try {
            decided = transactions.execute(tx -> {
                ticket[0] = take(lane, batch);
                if (batch.isEmpty()) {
                    return null;
                }
                try {
                    List<BatchGrants.Request> requests = batch.stream().map(Pending::request).toList();
                    Instant now = clock.instant();
                    BatchGrants.Hint hint = lane.hint.get().hint();
                    // room for every batch in flight, this one included: write the holds before queueing for the lock
                    BatchGrants.WrittenAhead ahead = hint != null && hint.free() >= lane.unitsInFlight.get()
                            ? grants.writeAhead(lane.sku, requests, hint, now) : null;
                    lane.turns.await(ticket[0]);
                    BatchGrants.Outcome granted = grants.grant(lane.sku, requests, now, ahead);
                    return new Decided(granted, companions.write(lane.sku, requests, granted.granted(), now));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the stock row", e);
                } finally {
                    lane.turns.pass(ticket[0]);
                }
            });
            if (decided == null) {
                return;
            }
            metrics.batchCommitted(batch.size(), System.nanoTime() - started);
        } catch (RuntimeException e) {
            if (batch.isEmpty()) {
                if (lane.drainers.get() > 1) {
                    // no connection within the timeout, but the lane's other drainer is at work: leave the queue to it
                    log.warn("hold batch got no connection sku={} cause={}", lane.sku, e.getMessage());
                    return;
                }
                // no connection to be had and nobody else draining (the database is down): the queued callers get the failure now
                ticket[0] = take(lane, batch);
            }
            lane.turns.pass(ticket[0]);
            log.error("hold batch failed sku={} requests={}", lane.sku, batch.size(), e);
            metrics.failed.increment(batch.size());
            batch.forEach(pending -> pending.answer().completeExceptionally(e));
            return;
        } finally {
            if (!batch.isEmpty()) {
                lane.unitsInFlight.addAndGet(-units(batch));
            }
        }
        BatchGrants.Outcome outcome = decided.outcome();
        lane.keepHint(ticket[0], outcome.hint());
        // mark sold out before anyone hears back: a caller told "no" may ask again at once, and that
        // request must be answered from memory, not start another batch
        if (outcome.remaining() == 0) {
            lane.soldOutUntil = System.nanoTime() + SOLD_OUT_RECHECK.toNanos();
        }
        int granted = 0;
        for (boolean grant : outcome.granted()) {
            granted += grant ? 1 : 0;
        }
        // what shoppers see moves before anyone hears back: a buyer told "yes" may read availability at
        // once, and must not get the cached level from before this batch
        // the batch that sold the last units announces it: decided from its own outcome, so two batches
        // finishing out of order cannot both leave it to the other
        if (granted > 0 && outcome.remaining() > 0) {
            availability.changed(List.of(lane.sku)); // committed above: dropped now, once per batch
        }
        if (granted > 0 && outcome.remaining() == 0) {
            try {
                // the event registry records publications inside a transaction of the main pool; the batch
                // transaction (batch pool) has ended, so this short one carries it, once per sell-out
                eventTransactions.executeWithoutResult(tx -> events.publishEvent(new StockChanged(lane.sku, 0)));
            } catch (RuntimeException e) {
                // the holds are granted; the index shows "in stock" until the next stock event
                log.warn("sold-out event not published sku={} cause={}", lane.sku, e.getMessage());
            }
        }
        for (int i = 0; i < batch.size(); i++) {
            Pending pending = batch.get(i);
            if (outcome.granted()[i]) {
                Reserved<?> committed = decided.companions()[i];
                pending.answer().complete(committed != null ? committed : Reserved.alone());
            } else {
                pending.answer().completeExceptionally(
                        new InsufficientStockException(lane.sku, pending.request().quantity(), outcome.remaining()));
            }
        }
        metrics.reserved.increment(granted);
        metrics.insufficient.increment(batch.size() - granted);
    }

    private static Reserved<?> await(CompletableFuture<Reserved<?>> answer) {
        try {
            return answer.get(CALLER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer from the hold batch within " + CALLER_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        drainers.shutdown();
    }
}
