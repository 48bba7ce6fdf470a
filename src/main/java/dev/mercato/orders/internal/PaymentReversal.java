package dev.mercato.orders.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import dev.mercato.orders.OrderStatusChanged;
import dev.mercato.payments.PaymentOutcome;
import dev.mercato.payments.Payments;

/**
 * Gives the money back when an order is cancelled or refunded. Runs from the event publication
 * registry after the status change committed, so it is retried until it succeeds; the provider's
 * idempotency keys make a repeated reversal a no-op.
 */
@Component
class PaymentReversal {

    private static final Logger log = LoggerFactory.getLogger(PaymentReversal.class);

    private final Payments payments;

    PaymentReversal(Payments payments) {
        this.payments = payments;
    }

    /**
     * Only cancellations and refunds are stored for it: the condition is evaluated before the event
     * publication registry writes a row, so the other status changes (two per checkout) cost no row,
     * no asynchronous transaction and no completion.
     */
    @ApplicationModuleListener(condition = "#change.to() == 'cancelled' or #change.to() == 'refunded'")
    void on(OrderStatusChanged change) {
        PaymentOutcome outcome = payments.reverse(change.orderId().value());
        if (outcome.is(PaymentOutcome.Status.UNKNOWN)) {
            // throwing leaves the publication incomplete, so it is retried
            throw new IllegalStateException("payment provider did not answer the reversal of order " + change.orderId());
        }
        log.info("payment reversed orderId={} outcome={}", change.orderId(), outcome.status());
    }
}
