package dev.mercato.promotions.internal;

import java.util.Map;
import java.util.TreeMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * {@code coupon_redemptions_total{outcome}}, every outcome registered at start-up (at 0):
 * {@code redeemed} a coupon order was paid (the redemption counted); {@code returned} a paid coupon
 * order was cancelled or refunded; {@code released} a coupon order was not paid (declined, timed out)
 * and its held redemption given back; {@code exhausted}, {@code limit}, {@code invalid} a checkout was
 * refused the coupon (maxRedemptions reached, perCustomerLimit reached or login needed, invalid-coupon).
 * Previews are not counted.
 */
@Component
class CouponMetrics {

    enum Outcome { REDEEMED, RETURNED, RELEASED, EXHAUSTED, LIMIT, INVALID }

    private final Map<Outcome, Counter> counters = new TreeMap<>();

    CouponMetrics(MeterRegistry registry) {
        for (Outcome outcome : Outcome.values()) {
            counters.put(outcome, Counter.builder("coupon_redemptions").description("Coupon redemptions by outcome")
                    .tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT)).register(registry));
        }
    }

    void count(Outcome outcome) {
        counters.get(outcome).increment();
    }

    /** Counts once the caller's transaction commits (a rolled-back or retried one counts nothing); at once outside one. */
    void countAfterCommit(Outcome outcome) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            count(outcome);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                count(outcome);
            }
        });
    }
}
