package dev.mercato.orders.internal;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import dev.mercato.cart.Carts;
import dev.mercato.inventory.Inventory;
import dev.mercato.payments.PaymentOutcome;
import dev.mercato.platform.web.ProblemException;
import dev.mercato.platform.commerce.OrderId;
import dev.mercato.pricing.Pricing;

/**
 * Phase 3 of checkout: records what the payment provider answered, in one transaction with the
 * order's status, its holds and the idempotency key's final response. Used by checkout and by the
 * recovery job alike; it locks the order and acts only while it is still pending, so the two can
 * never both finish one order.
 */
@Component
class PaymentResults {

    private final OrderRows orders;
    private final OrderTransitions transitions;
    private final IdempotencyKeys keys;
    private final Inventory inventory;
    private final Carts carts;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final Clock clock;
    private final Pricing pricing;

    PaymentResults(Pricing pricing, OrderRows orders, OrderTransitions transitions, IdempotencyKeys keys, Inventory inventory, Carts carts,
            TransactionTemplate transactions, JsonMapper json, Clock clock) {
        this.orders = orders;
        this.transitions = transitions;
        this.keys = keys;
        this.inventory = inventory;
        this.carts = carts;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
        this.pricing = pricing;
    }

    /**
     * @param shopperWaiting true at checkout (a refused payment hands the holds back to the cart so the
     *                       shopper can retry); false in recovery (nobody is waiting: holds are released,
     *                       unless the checkout's key is still open: then they go back to the cart, see
     *                       {@link #interrupted})
     */
    CheckoutResult apply(UUID orderId, PaymentOutcome outcome, boolean shopperWaiting) {
        return transactions.execute(tx -> {
            OrderRows.Header order = orders.lock(orderId).orElseThrow();
            if (order.status() != OrderStatus.PENDING_PAYMENT) {
                return null; // finished by someone else in the meantime
            }
            CheckoutResult result = switch (outcome.status()) {
                case CAPTURED -> paid(order, outcome);
                // the processor that refused the money is recorded, as the one that took it: with routing, not always the first one
                case DECLINED -> refused(order, shopperWaiting, outcome.provider(), "payment declined: " + outcome.reason(),
                        problem(HttpStatus.PAYMENT_REQUIRED, "payment-declined", "Payment declined",
                                "The card was declined (" + outcome.reason() + "); nothing was charged and your items stay held"));
                case NONE, VOIDED, REFUNDED -> shopperWaiting
                        ? refused(order, true, null, "payment not completed: " + outcome.status(),
                                problem(HttpStatus.GATEWAY_TIMEOUT, "payment-timeout", "Payment provider did not answer",
                                        "The payment provider did not answer in time and nothing was charged; please try again"))
                        : interrupted(order, outcome);
                case UNKNOWN, AUTHORIZED -> null;
            };
            if (result != null) {
                keys.completeForOrder(orderId, result.status(), result.body(), clock.instant());
            }
            return result;
        });
    }

    /**
     * The status first (the order row is locked already), so one read of the order gives both what to
     * take out of the cart and the answer: neither the cart nor the holds show in the order's view.
     */
    private CheckoutResult paid(OrderRows.Header order, PaymentOutcome outcome) {
        transitions.move(order, OrderStatus.PAID, "payment captured by " + outcome.provider() + " " + outcome.captureId(),
                outcome.provider());
        OrderView paid = orders.view(order.id()).orElseThrow();
        Map<String, Integer> ordered = paid.items().stream().collect(Collectors.toMap(OrderView.Line::sku, OrderView.Line::quantity));
        // the cart row before the holds, as every cart change locks them: the other order deadlocks
        carts.removeOrdered(order.holdOwner(), ordered);
        inventory.markSold(order.id());
        return new CheckoutResult(201, json.writeValueAsString(paid), order.id().toString(), false);
    }

    /**
     * Recovery found no money taken. With the idempotency key still open, the key is rewound and the
     * holds go back to the cart (until they expire, as after a decline): the shopper's retry with the
     * key places the order again. Without one (it expired), the stock is released.
     */
    private CheckoutResult interrupted(OrderRows.Header order, PaymentOutcome outcome) {
        boolean retryable = outcome.is(PaymentOutcome.Status.NONE) && keys.rewind(order.id());
        return refused(order, retryable, null, "payment not completed: " + outcome.status()
                        + (retryable ? "; holds back in the cart for a retry with the checkout's key" : ""),
                problem(HttpStatus.CONFLICT, "checkout-interrupted", "Checkout interrupted",
                        "The checkout stopped before the payment was taken; nothing was charged and the order was cancelled"));
    }

    /** @param provider the processor that declined, recorded on the order; null when none answered */
    private CheckoutResult refused(OrderRows.Header order, boolean shopperWaiting, String provider, String note, ProblemException problem) {
        transitions.move(order, OrderStatus.CANCELLED, note, provider);
        pricing.release(new OrderId(order.id()));
        if (shopperWaiting) {
            returnToCart(order);
        } else {
            inventory.releaseOrder(order.id(), note);
        }
        ProblemDetail detail = problem.toProblemDetail();
        detail.setProperty("orderId", order.id().toString());
        return new CheckoutResult(problem.status().value(), json.writeValueAsString(detail), order.id().toString(), false);
    }

    /**
     * Hands the order's holds back to its cart, but no more than the cart now contains: the shopper
     * may have changed the cart while the payment was out, and surplus holds would block stock for
     * nothing until they expired.
     */
    private void returnToCart(OrderRows.Header order) {
        Map<String, Integer> inCart = carts.lockContents(order.holdOwner());
        inventory.returnToOwner(order.id(), order.holdOwner(), clock.instant().plus(inventory.holdTtl()));
        inventory.held(order.holdOwner()).forEach((sku, held) -> {
            int surplus = held.quantity() - inCart.getOrDefault(sku, 0);
            if (surplus > 0) {
                inventory.release(order.holdOwner(), sku, surplus);
            }
        });
    }

    private static ProblemException problem(HttpStatus status, String code, String title, String detail) {
        return new ProblemException(status, code, title, detail);
    }

    /** The order as it stands, as the body of a checkout answer. */
    String currentView(UUID orderId) {
        return json.writeValueAsString(orders.view(orderId).orElseThrow());
    }
}
