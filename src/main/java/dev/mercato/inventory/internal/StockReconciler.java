package dev.mercato.inventory.internal;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Recomputes {@code reserved} from the live holds and repairs rows where they disagree. The holds
 * are the record; the counter is a cache of their sum that makes availability a single-row read.
 * A repair locks the stock row first and re-reads the holds under that lock: every writer that
 * changes holds of a SKU also updates its stock row, so it either finished before (and is counted)
 * or waits for us (and applies its change on top of the repaired value).
 */
@Component
class StockReconciler {

    private static final Logger log = LoggerFactory.getLogger(StockReconciler.class);
    private static final String LIVE_HOLDS = """
            SELECT coalesce(sum(quantity), 0) FROM holds
            WHERE sku = :sku AND warehouse_id = :warehouseId AND state IN ('active', 'committed', 'sold')""";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final InventoryMetrics metrics;
    private final AtomicLong lastDrift = new AtomicLong();

    StockReconciler(JdbcClient jdbc, TransactionTemplate transactions, InventoryMetrics metrics, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.metrics = metrics;
        Gauge.builder("inventory_reserved_drift_units", lastDrift, AtomicLong::get)
                .description("units by which reserved counters disagreed with live holds at the last reconciliation")
                .register(registry);
    }

    record Drift(String sku, long warehouseId, long reserved, long live) {
    }

    @Scheduled(initialDelayString = "PT1M", fixedDelayString = InventorySettings.RECONCILE_INTERVAL)
    void scheduledReconcile() {
        reconcile();
    }

    /** Finds and repairs drift; returns the rows repaired. */
    List<Drift> reconcile() {
        List<Drift> suspects = jdbc.sql("""
                SELECT s.sku, s.warehouse_id, s.reserved, coalesce(h.live, 0) AS live
                FROM stock s LEFT JOIN (SELECT sku, warehouse_id, sum(quantity) AS live FROM holds
                                        WHERE state IN ('active', 'committed', 'sold') GROUP BY sku, warehouse_id) h
                     USING (sku, warehouse_id)
                WHERE s.reserved <> coalesce(h.live, 0)""").query(Drift.class).list();
        List<Drift> repaired = suspects.stream().map(this::repair).filter(java.util.Objects::nonNull).toList();
        lastDrift.set(repaired.stream().mapToLong(d -> Math.abs(d.reserved() - d.live())).sum());
        return repaired;
    }

    private Drift repair(Drift suspect) {
        try {
            return transactions.execute(tx -> {
                long reserved = jdbc.sql("SELECT reserved FROM stock WHERE sku = :sku AND warehouse_id = :warehouseId FOR NO KEY UPDATE")
                        .param("sku", suspect.sku()).param("warehouseId", suspect.warehouseId()).query(Long.class).single();
                long live = jdbc.sql(LIVE_HOLDS).param("sku", suspect.sku()).param("warehouseId", suspect.warehouseId())
                        .query(Long.class).single();
                if (reserved == live) {
                    return null; // a writer was mid-flight when we looked; nothing drifted
                }
                jdbc.sql("UPDATE stock SET reserved = :live, updated_at = now() WHERE sku = :sku AND warehouse_id = :warehouseId")
                        .param("live", live).param("sku", suspect.sku()).param("warehouseId", suspect.warehouseId()).update();
                metrics.driftRepaired.increment();
                log.warn("reserved drift repaired sku={} warehouseId={} reserved={} liveHolds={}",
                        suspect.sku(), suspect.warehouseId(), reserved, live);
                return new Drift(suspect.sku(), suspect.warehouseId(), reserved, live);
            });
        } catch (DataIntegrityViolationException e) {
            metrics.oversellRefused.increment();
            log.error("live holds exceed on-hand stock, cannot repair sku={} warehouseId={}", suspect.sku(), suspect.warehouseId(), e);
            return null;
        }
    }
}
