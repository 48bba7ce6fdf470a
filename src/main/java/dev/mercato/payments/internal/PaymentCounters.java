package dev.mercato.payments.internal;

import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import dev.mercato.payments.PaymentProvider.ProviderResult;

/**
 * {@code payments_total{provider,outcome}}: each answer of a processor to a payment operation, as
 * {@code authorized}, {@code captured}, {@code voided}, {@code refunded} (succeeded operations),
 * {@code declined}, {@code timeout} (no answer in time) or {@code unavailable} (down, or its circuit
 * breaker open). {@code payment_failovers_total{from,to}}: payments routed on from a processor found
 * down to the next one. Calls are counted, so an idempotent replay counts again although it moved no
 * money: the ledgers are the record of money. Every series of the configured processors exists from
 * start-up, at 0.
 */
final class PaymentCounters {

    static final List<String> OUTCOMES = List.of("authorized", "captured", "voided", "refunded", "declined", "timeout", "unavailable");

    private static final Map<String, String> SUCCEEDED = Map.of(
            "authorization", "authorized", "capture", "captured", "void", "voided", "refund", "refunded");

    private final MeterRegistry registry;

    PaymentCounters(MeterRegistry registry, List<String> processors) {
        this.registry = registry;
        for (String processor : processors) {
            OUTCOMES.forEach(outcome -> counter(processor, outcome));
        }
        for (int from = 0; from < processors.size(); from++) {
            for (int to = from + 1; to < processors.size(); to++) {
                failover(processors.get(from), processors.get(to));
            }
        }
    }

    void answered(String provider, ProviderResult result) {
        counter(provider, result.succeeded() ? SUCCEEDED.getOrDefault(result.kind(), result.kind()) : "declined").increment();
    }

    void timedOut(String provider) {
        counter(provider, "timeout").increment();
    }

    void unavailable(String provider) {
        counter(provider, "unavailable").increment();
    }

    void failedOver(String from, String to) {
        failover(from, to).increment();
    }

    private Counter counter(String provider, String outcome) {
        return Counter.builder("payments")
                .description("Answers of payment processors by outcome")
                .tag("provider", provider).tag("outcome", outcome)
                .register(registry);
    }

    private Counter failover(String from, String to) {
        return Counter.builder("payment_failovers")
                .description("Payments routed on from a processor found down to the next one")
                .tag("from", from).tag("to", to)
                .register(registry);
    }
}
