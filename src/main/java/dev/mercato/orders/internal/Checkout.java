package dev.mercato.orders.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import dev.mercato.payments.ChargeRequest;
import dev.mercato.payments.PaymentOutcome;
import dev.mercato.payments.Payments;
import dev.mercato.platform.commerce.OrderId;
import dev.mercato.platform.commerce.Owner;
import dev.mercato.platform.database.TransientFailureRetry;
import dev.mercato.platform.security.Caller;
import dev.mercato.platform.web.ProblemException;

/**
 * Exactly-once checkout (DESIGN.md section 5), as its phases and the recovery points between them.
 * The idempotency key is claimed first, in its own commit. Phase 1 ({@link PendingOrders}, one
 * transaction): create the order as pending_payment, priced and with the cart's holds committed to
 * it. Phase 2 (no transaction): charge through {@link Payments} with a key derived from the order.
 * Phase 3 ({@link PaymentResults}, one transaction): record the outcome and the key's response. A
 * crash at any point leaves either nothing (the key is freed or expires) or a pending order that the
 * recovery job finishes by asking the provider — never a second order or a second charge.
 */
@Service
public class Checkout {

    private static final Logger log = LoggerFactory.getLogger(Checkout.class);

    private final CheckoutKeys keys;
    private final PendingOrders pendingOrders;
    private final Payments payments;
    private final PaymentResults results;
    private final OrderMetrics metrics;
    private final TransientFailureRetry retry;

    Checkout(CheckoutKeys keys, PendingOrders pendingOrders, Payments payments, PaymentResults results, OrderMetrics metrics,
            TransientFailureRetry retry) {
        this.keys = keys;
        this.pendingOrders = pendingOrders;
        this.payments = payments;
        this.results = results;
        this.metrics = metrics;
        this.retry = retry;
    }

    public CheckoutResult placeOrder(Caller caller, String key, CheckoutRequest request) {
        Owner owner = Owner.of(caller);
        if (!keys.claim(owner, key, request)) {
            metrics.duplicate();
            return keys.repeat(owner, key, request);
        }
        // recovery point: the key is claimed, nothing else exists
        PendingOrders.PendingOrder pending;
        try {
            pending = pendingOrders.create(owner, caller.customerId(), key, request);
        } catch (ProblemException refusal) {
            metrics.failed();
            return keys.refuse(owner, key, refusal);
        } catch (RuntimeException e) {
            keys.release(owner, key);
            throw e;
        }
        // recovery point: a pending order with its holds; from here on only the provider knows whether money moved
        PaymentOutcome outcome;
        try {
            outcome = payments.charge(new ChargeRequest(pending.orderId().value(), pending.total().amount(),
                    pending.total().currency(), request.payment().method(), request.payment().token()));
        } catch (RuntimeException e) {
            log.error("payment call failed, order left for recovery orderId={}", pending.orderId(), e);
            return stillPending(pending.orderId());
        }
        CheckoutResult result = retry.run(() -> results.apply(pending.orderId().value(), outcome, true));
        if (result == null) {
            log.warn("payment outcome unknown, order left for recovery orderId={}", pending.orderId());
            return stillPending(pending.orderId());
        }
        if (result.status() == 201) {
            metrics.succeeded(pending.total().amount());
        } else {
            metrics.failed();
        }
        return result;
    }

    /**
     * 202 with the order as it stands (pending_payment): the client can follow it like any order.
     * The key stays in flight, so a retry gets 409 until recovery stores the final answer.
     */
    private CheckoutResult stillPending(OrderId orderId) {
        return new CheckoutResult(202, results.currentView(orderId.value()), orderId.toString(), false);
    }
}
