package dev.mercato.inventory.internal;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** The inventory metrics of DESIGN.md section 6; their names are part of the API. */
@Component
class InventoryMetrics {

    final Counter reserved;
    final Counter insufficient;
    final Counter failed;
    final Counter abandoned;
    final Counter oversellRefused;
    final Counter driftRepaired;
    private final DistributionSummary batchSize;
    private final Timer batchTime;

    InventoryMetrics(MeterRegistry registry) {
        reserved = Counter.builder("inventory_reservations").tag("status", "success").register(registry);
        insufficient = Counter.builder("inventory_reservations").tag("status", "insufficient").register(registry);
        failed = Counter.builder("inventory_reservations").tag("status", "error").register(registry);
        abandoned = Counter.builder("cart_abandonments").description("holds released because they expired").register(registry);
        // counts attempts the database refused (reserved > quantity); a sale past stock is impossible, so any increase is a bug
        oversellRefused = Counter.builder("inventory_oversell").register(registry);
        driftRepaired = Counter.builder("inventory_reserved_drift_repairs").description("stock rows whose reserved count was recomputed").register(registry);
        batchSize = DistributionSummary.builder("inventory_hold_batch_size").description("hold requests granted or refused per group commit")
                .register(registry);
        batchTime = Timer.builder("inventory_hold_batch").description("time of one group commit, lock to commit").register(registry);
    }

    void batchCommitted(int requests, long nanos) {
        batchSize.record(requests);
        batchTime.record(nanos, TimeUnit.NANOSECONDS);
    }

}
