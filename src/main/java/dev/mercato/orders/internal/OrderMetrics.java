package dev.mercato.orders.internal;

import java.math.BigDecimal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** Checkout metrics of DESIGN.md section 6; their names are part of the API. */
@Component
class OrderMetrics {

    private final Counter success;
    private final Counter failed;
    private final Counter duplicate;
    private final DistributionSummary value;

    OrderMetrics(MeterRegistry registry) {
        success = Counter.builder("orders").tag("status", "success").register(registry);
        failed = Counter.builder("orders").tag("status", "failed").register(registry);
        duplicate = Counter.builder("orders").tag("status", "duplicate").register(registry);
        value = DistributionSummary.builder("order_value_dollars").baseUnit("dollars")
                .serviceLevelObjectives(10, 25, 50, 100, 250, 500, 1000, 2500).register(registry);
    }

    void succeeded(BigDecimal total) {
        success.increment();
        value.record(total.doubleValue());
    }

    void failed() {
        failed.increment();
    }

    void duplicate() {
        duplicate.increment();
    }
}
