package dev.mercato.payments.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import dev.mercato.payments.PaymentProvider.ProviderResult;

/**
 * {@code payments_total{provider,kind,status}}: answers of payment providers by operation
 * (authorization, capture, void, refund) and status (succeeded, declined, timeout). Counts calls, so
 * an idempotent replay counts again although it moved no money; the ledger is the record of money.
 */
@Component
class PaymentCounters {

    private final MeterRegistry registry;

    PaymentCounters(MeterRegistry registry) {
        this.registry = registry;
    }

    void answered(String provider, ProviderResult result) {
        increment(provider, result.kind(), result.status());
    }

    void timedOut(String provider, String kind) {
        increment(provider, kind, "timeout");
    }

    private void increment(String provider, String kind, String status) {
        Counter.builder("payments")
                .description("Answers of payment providers by operation and status")
                .tag("provider", provider).tag("kind", kind).tag("status", status)
                .register(registry)
                .increment();
    }
}
