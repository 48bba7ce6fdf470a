package dev.mercato.inventory.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.IntSupplier;

import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.awaitility.Awaitility.await;

/**
 * Lets tests run the inventory's scheduled jobs on demand instead of waiting for their schedule.
 * The scheduled runs go on meanwhile, and both jobs skip rows another run has locked, so a call made
 * while the scheduled job is half-way through a batch would return before those rows are done: each
 * call therefore waits until every hold that was due when it was made has been handled, by whichever run.
 */
public final class InventoryJobs {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ApplicationContext context;

    public InventoryJobs(ApplicationContext context) {
        this.context = context;
    }

    /** Expires every hold past its time now; returns how many this call expired. */
    public int sweepExpiredHolds() {
        java.sql.Timestamp now = java.sql.Timestamp.from(context.getBean(Clock.class).instant());
        List<UUID> due = jdbc().sql("SELECT id FROM holds WHERE state = 'active' AND expires_at < :now")
                .param("now", now).query(UUID.class).list();
        // a hold renewed meanwhile (its cart changed) is no longer due
        return untilNoneLeft(context.getBean(HoldSweeper.class)::sweep, due, "state = 'active' AND expires_at < :now", now);
    }

    /** Settles every hold sold by now; returns how many this call settled. */
    public int settleSoldHolds() {
        List<UUID> due = jdbc().sql("SELECT id FROM holds WHERE state = 'sold'").query(UUID.class).list();
        return untilNoneLeft(context.getBean(HoldSettler.class)::settle, due, "state = 'sold'", null);
    }

    public int pruneFinishedHolds() {
        return context.getBean(HoldPruner.class).prune();
    }

    public int reconcile() {
        return context.getBean(StockReconciler.class).reconcile().size();
    }

    /** Runs the job until none of {@code due} still matches {@code pending} (a concurrent run may hold some of them). */
    private int untilNoneLeft(IntSupplier job, List<UUID> due, String pending, java.sql.Timestamp now) {
        int[] done = {job.getAsInt()};
        await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> {
            if (stillIn(due, pending, now) == 0) {
                return true;
            }
            done[0] += job.getAsInt();
            return stillIn(due, pending, now) == 0;
        });
        return done[0];
    }

    private long stillIn(List<UUID> due, String pending, java.sql.Timestamp now) {
        if (due.isEmpty()) {
            return 0;
        }
        var query = jdbc().sql("SELECT count(*) FROM holds WHERE id = ANY (:ids) AND " + pending).param("ids", due.toArray(UUID[]::new));
        return (now == null ? query : query.param("now", now)).query(Long.class).single();
    }

    private JdbcClient jdbc() {
        return context.getBean(JdbcClient.class);
    }
}
