package dev.mercato.inventory.internal;

import java.sql.Timestamp;
import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes holds that ended (settled, released, expired) more than {@code holdRetention} ago, in
 * batches. A flash sale leaves a hold row per grant; kept for ever they would slow every index on
 * the table. Nothing refers to finished holds: the movement ledger and the orders keep the history.
 */
@Component
class HoldPruner {

    private static final Logger log = LoggerFactory.getLogger(HoldPruner.class);
    private static final int BATCH = 5_000;

    private final JdbcClient jdbc;
    private final InventorySettings settings;
    private final Clock clock;

    HoldPruner(JdbcClient jdbc, InventorySettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "PT5M", fixedDelayString = "PT1H")
    void scheduledPrune() {
        int pruned = prune();
        if (pruned > 0) {
            log.info("finished holds pruned count={} olderThan={}", pruned, settings.holdRetention());
        }
    }

    /** Deletes finished holds past retention; returns how many. */
    int prune() {
        Timestamp cutoff = Timestamp.from(clock.instant().minus(settings.holdRetention()));
        int total = 0;
        int batch;
        do {
            batch = jdbc.sql("""
                    DELETE FROM holds WHERE id IN (
                        SELECT id FROM holds WHERE state IN ('settled', 'released', 'expired') AND updated_at < :cutoff
                        LIMIT :batch FOR UPDATE SKIP LOCKED)""")
                    .param("cutoff", cutoff).param("batch", BATCH).update();
            total += batch;
        } while (batch == BATCH);
        return total;
    }
}
