package dev.mercato.inventory.internal;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Releases holds whose time is up, in batches. {@code FOR UPDATE SKIP LOCKED} lets any number of
 * instances sweep at once without waiting on each other or releasing a hold twice.
 */
@Component
class HoldSweeper {

    private static final Logger log = LoggerFactory.getLogger(HoldSweeper.class);

    private final HoldRows holds;
    private final Reservations reservations;
    private final InventoryMetrics metrics;
    private final TransactionTemplate transactions;
    private final InventorySettings settings;
    private final Clock clock;

    HoldSweeper(HoldRows holds, Reservations reservations, InventoryMetrics metrics, TransactionTemplate transactions,
            InventorySettings settings, Clock clock) {
        this.holds = holds;
        this.reservations = reservations;
        this.metrics = metrics;
        this.transactions = transactions;
        this.settings = settings;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = InventorySettings.SWEEP_INTERVAL, fixedDelayString = InventorySettings.SWEEP_INTERVAL)
    void scheduledSweep() {
        int released = sweep();
        if (released > 0) {
            log.info("expired holds released count={}", released);
        }
    }

    /** Releases every expired hold; returns how many. */
    int sweep() {
        int total = 0;
        int batch;
        do {
            batch = transactions.execute(tx -> sweepBatch());
            total += batch;
        } while (batch == settings.sweepBatchSize());
        return total;
    }

    private int sweepBatch() {
        List<HoldRows.Hold> expired = holds.lockExpired(clock.instant(), settings.sweepBatchSize());
        if (expired.isEmpty()) {
            return 0;
        }
        Map<StockKey, Long> units = new TreeMap<>();
        expired.forEach(hold -> units.merge(hold.stock(), (long) hold.quantity(), Long::sum));
        holds.changeStates(Reservations.ids(expired), "expired", clock.instant());
        reservations.giveBack(units, "expire", "sweeper");
        metrics.abandoned.increment(expired.size());
        return expired.size();
    }
}
