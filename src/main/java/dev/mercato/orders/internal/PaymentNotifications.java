package dev.mercato.orders.internal;

import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import dev.mercato.payments.PaymentOutcome;
import dev.mercato.payments.PaymentReported;
import dev.mercato.payments.Payments;

/**
 * Finishes a pending order when its processor reports the payment succeeded (a signed webhook,
 * delivered through the outbox after it was stored). The webhook is only a hint: the processor's
 * ledger is asked ({@link Payments#status}) and only money found captured marks the order paid, through
 * the same {@link PaymentResults} step checkout and recovery use. That step locks the order and acts
 * only while it is pending, so a webhook racing the shopper's own checkout call settles the order once,
 * whoever comes first; the loser finds it settled and answers with the stored response. The webhook
 * never captures (an authorisation not yet captured is left to the checkout that made it, or to
 * recovery) and never creates anything, so it cannot cause a second capture or a second order.
 */
@Component
class PaymentNotifications {

    private static final Logger log = LoggerFactory.getLogger(PaymentNotifications.class);

    private final OrderRows orders;
    private final Payments payments;
    private final PaymentResults results;

    PaymentNotifications(OrderRows orders, Payments payments, PaymentResults results) {
        this.orders = orders;
        this.payments = payments;
        this.results = results;
    }

    @ApplicationModuleListener
    void on(PaymentReported report) {
        UUID orderId = report.orderId();
        if (!PaymentReported.SUCCEEDED.equals(report.type()) || orderId == null) {
            log.info("payment report needs nothing of orders eventId={} type={} orderId={}", report.eventId(), report.type(), orderId);
            return;
        }
        boolean pending = orders.find(orderId).map(order -> order.status() == OrderStatus.PENDING_PAYMENT).orElse(false);
        if (!pending) {
            return; // settled already (typically by the checkout call itself), or not an order of ours
        }
        PaymentOutcome outcome = payments.status(orderId);
        if (!outcome.is(PaymentOutcome.Status.CAPTURED)) {
            log.info("payment reported succeeded but the processor has no capture yet orderId={} providerSays={}", orderId,
                    outcome.status());
            return;
        }
        CheckoutResult result = results.apply(orderId, outcome, false);
        log.info("order paid from a processor's report orderId={} eventId={} settledHere={}", orderId, report.eventId(), result != null);
    }
}
