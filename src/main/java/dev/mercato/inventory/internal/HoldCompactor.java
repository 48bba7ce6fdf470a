package dev.mercato.inventory.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Merges an owner's active holds of one SKU in one warehouse into a single row, in the background.
 * Every grant inserts a hold of its own, so a shopper who adds one unit at a time (a flash sale's
 * "+1", or the flash-sale bench's 1,000 buyers adding again and again) piles up rows, and every
 * later add lists them all in its hold batch: in the bench, a minute in, buyers held ~95 rows each
 * and the listing was half the database's time per grant. The hold batch offers an owner here once
 * its listing shows {@link #ROWS_TO_COMPACT} or more rows for one SKU ({@link #offer}); a single
 * worker merges the owners offered, up to {@link #OWNERS_PER_STATEMENT} per statement.
 *
 * <p>Merging keeps the oldest row with the sum of the units and the latest expiry, and deletes the
 * others: the units held per SKU and warehouse, and so {@code stock.reserved}, are the same before
 * and after. Like the sweeper, it only tries each owner's lock ({@link HoldRows#lockOwner}, which
 * every other change of an owner's holds waits for) and skips rows another transaction has locked,
 * so it never waits, and never changes a hold another transaction has locked or an owner whose
 * holds another transaction is changing; an owner it could not lock is left for a later offer. Holds already past their expiry are left for the sweeper.
 */
@Component
class HoldCompactor {

    /** An (owner, SKU) listed with at least this many active rows is offered for merging. */
    static final int ROWS_TO_COMPACT = 8;
    private static final int OWNERS_PER_STATEMENT = 500;
    private static final int MAX_WAITING = 50_000;
    private static final java.time.Duration GATHER = java.time.Duration.ofMillis(200);
    private static final Logger log = LoggerFactory.getLogger(HoldCompactor.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Set<String> waiting = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("hold-compactor").factory());
    private final Counter merged;

    HoldCompactor(JdbcClient jdbc, TransactionTemplate transactions, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.merged = Counter.builder("inventory.holds.merged")
                .description("active hold rows merged into another of the same owner, SKU and warehouse")
                .register(meters);
    }

    /** Asks for the owner's holds to be merged soon; cheap, and never blocks the caller (the hold batch). */
    void offer(String owner) {
        if (waiting.size() >= MAX_WAITING || !waiting.add(owner)) {
            return;
        }
        if (scheduled.compareAndSet(false, true)) {
            try {
                worker.execute(this::drain);
            } catch (RejectedExecutionException shuttingDown) {
                scheduled.set(false);
            }
        }
    }

    private void drain() {
        try {
            Thread.sleep(GATHER.toMillis()); // let a few batches offer their owners: one statement for them all
            while (!waiting.isEmpty() && !worker.isShutdown()) {
                List<String> owners = new ArrayList<>(OWNERS_PER_STATEMENT);
                for (Iterator<String> it = waiting.iterator(); it.hasNext() && owners.size() < OWNERS_PER_STATEMENT; ) {
                    owners.add(it.next());
                    it.remove();
                }
                compact(owners);
            }
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("hold compaction failed, owners are offered again by their next add: {}", e.getMessage());
        } finally {
            scheduled.set(false);
            if (!waiting.isEmpty() && !worker.isShutdown() && scheduled.compareAndSet(false, true)) {
                try {
                    worker.execute(this::drain); // offered while this round was finishing
                } catch (RejectedExecutionException shuttingDown) {
                    scheduled.set(false);
                }
            }
        }
    }

    /**
     * Merges the owners' holds now; returns how many rows were merged away. Three statements with the
     * rows named by id: one statement joining the locked rows back to the table by id took 33 ms a
     * call in the flash-sale bench, its planner's choice of a scan over every hold.
     */
    int compact(List<String> owners) {
        Integer removed = transactions.execute(tx -> {
            Timestamp now = Timestamp.from(clock.instant());
            List<UUID> keep = new ArrayList<>();
            List<Integer> quantities = new ArrayList<>();
            List<Timestamp> expiries = new ArrayList<>();
            List<UUID> gone = new ArrayList<>();
            jdbc.sql("""
                    WITH locked AS (
                             SELECT h.id, h.owner, h.sku, h.warehouse_id, h.quantity, h.expires_at, h.created_at
                             FROM unnest(:owners::text[]) AS w(owner) JOIN holds h ON h.owner = w.owner
                             WHERE h.state = 'active' AND h.expires_at > :now
                               AND pg_try_advisory_xact_lock(hashtextextended(h.owner, 0))
                             FOR UPDATE OF h SKIP LOCKED)
                    SELECT array_agg(id ORDER BY created_at, id) AS ids, sum(quantity)::int AS quantity, max(expires_at) AS expires_at
                    FROM locked GROUP BY owner, sku, warehouse_id HAVING count(*) > 1""")
                    .param("owners", owners.toArray(String[]::new)).param("now", now)
                    .query(rs -> {
                        UUID[] ids = (UUID[]) rs.getArray(1).getArray();
                        keep.add(ids[0]);
                        quantities.add(rs.getInt(2));
                        expiries.add(rs.getTimestamp(3));
                        gone.addAll(List.of(ids).subList(1, ids.length));
                    });
            if (keep.isEmpty()) {
                return 0;
            }
            jdbc.sql("DELETE FROM holds WHERE id = ANY (:ids::uuid[])").param("ids", gone.toArray(UUID[]::new)).update();
            jdbc.sql("""
                    UPDATE holds h SET quantity = k.quantity, expires_at = k.expires_at, updated_at = :now
                    FROM unnest(:ids::uuid[], :quantities::int[], :expiries::timestamptz[]) AS k(id, quantity, expires_at)
                    WHERE h.id = k.id""")
                    .param("ids", keep.toArray(UUID[]::new)).param("quantities", quantities.toArray(Integer[]::new))
                    .param("expiries", expiries.toArray(Timestamp[]::new)).param("now", now).update();
            return gone.size();
        });
        int count = removed == null ? 0 : removed;
        merged.increment(count);
        return count;
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}
