package dev.mercato.orders.internal;

import java.util.Optional;
import java.util.UUID;

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
 * <p>
 * The key row records the recovery point reached (started, payment_attempted — phase 1 records it
 * with the order, since the charge follows at once —, finished) and a lease. A retry with the same key after the lease ran out (the process holding it
 * died) resumes from that point, Stripe-style: phase 1 again when no order exists (or recovery
 * cancelled it before any charge and rewound the key), else the charge of the pending order with the
 * order's own provider keys. The lease is also what keeps a retry and the recovery job from settling
 * one order two ways: each takes it on the key row before acting.
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
        if (keys.claim(owner, key, request)) {
            return fromPhaseOne(caller, owner, key, request);
        }
        metrics.duplicate();
        return switch (keys.repeat(owner, key, request)) {
            case CheckoutKeys.Repeat.Replay replay -> replay.result();
            case CheckoutKeys.Repeat.Resume resume when resume.orderId() == null -> fromPhaseOne(caller, owner, key, request);
            case CheckoutKeys.Repeat.Resume resume -> resumePayment(caller, owner, key, request, resume.orderId());
        };
    }

    private CheckoutResult fromPhaseOne(Caller caller, Owner owner, String key, CheckoutRequest request) {
        // recovery point started: the key is claimed, nothing else exists
        PendingOrders.PendingOrder pending;
        try {
            pending = pendingOrders.create(owner, caller.customerId(), key, request);
        } catch (ProblemException refusal) {
            metrics.failed();
            return keys.refuse(owner, key, refusal);
        } catch (PendingOrders.KeyHasOrder another) {
            // a second run of this key (a lease outlived) lost the race: the first one's answer, or 409 while it runs
            return keys.finished(owner, key).orElseThrow(CheckoutKeys::inFlight);
        } catch (RuntimeException e) {
            keys.release(owner, key);
            throw e;
        }
        // recovery point payment_attempted: a pending order with its holds, its charge next
        return pay(owner, key, request, pending);
    }

    /**
     * A retry took over a checkout that stopped after phase 1. While the order waits for its payment,
     * the charge is made (again) with the order's own provider keys, so money moves at most once. If
     * the recovery job settled the order in the meantime, its answer is the answer; if it cancelled it
     * before any charge, it rewound the key and the checkout starts again from phase 1.
     */
    private CheckoutResult resumePayment(Caller caller, Owner owner, String key, CheckoutRequest request, UUID orderId) {
        Optional<PendingOrders.PendingOrder> pending = pendingOrders.stillPending(orderId);
        if (pending.isPresent()) {
            return pay(owner, key, request, pending.get());
        }
        return keys.finished(owner, key).orElseGet(() -> placeOrder(caller, key, request));
    }

    private CheckoutResult pay(Owner owner, String key, CheckoutRequest request, PendingOrders.PendingOrder pending) {
        // recovery point payment_attempted, committed with phase 1 (or renewed by the takeover of a resumed
        // checkout): from here on only the provider knows whether money moved
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
            // settled by the recovery job meanwhile (its answer is stored), or the provider could not tell yet
            Optional<CheckoutResult> finished = keys.finished(owner, key);
            if (finished.isPresent()) {
                return finished.get();
            }
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
