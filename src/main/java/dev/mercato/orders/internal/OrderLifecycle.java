package dev.mercato.orders.internal;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.mercato.inventory.Inventory;
import dev.mercato.platform.commerce.Owner;
import dev.mercato.platform.security.Caller;
import dev.mercato.platform.web.ProblemException;

/**
 * Order changes after checkout. Stock moves in the same transaction as the status; money moves
 * afterwards, driven by the published status change ({@link PaymentReversal}), so a refund is
 * retried from the outbox if the process dies after the cancellation committed.
 */
@Service
public class OrderLifecycle {

    private final OrderRows orders;
    private final OrderTransitions transitions;
    private final Inventory inventory;

    OrderLifecycle(OrderRows orders, OrderTransitions transitions, Inventory inventory) {
        this.orders = orders;
        this.transitions = transitions;
        this.inventory = inventory;
    }

    /** A shopper cancels their own order before it ships. */
    @Transactional
    public OrderView cancelByCustomer(Caller caller, UUID orderId) {
        OrderRows.Header order = ownedOrder(caller, orderId);
        if (order.status() == OrderStatus.PENDING_PAYMENT) {
            throw new ProblemException(HttpStatus.CONFLICT, "payment-in-progress", "Payment in progress",
                    "The payment for this order is still being processed; try again in a minute");
        }
        transitions.move(order, OrderStatus.CANCELLED, "cancelled by customer");
        inventory.releaseOrder(orderId, "order cancelled by customer");
        return orders.view(orderId).orElseThrow();
    }

    @Transactional
    public OrderView ship(UUID orderId, String carrier, String trackingNumber) {
        OrderRows.Header order = lockedOrder(orderId);
        if (order.status() == OrderStatus.PAID) {
            transitions.move(order, OrderStatus.FULFILLING, "picked for shipping");
            order = lockedOrder(orderId);
        }
        transitions.move(order, OrderStatus.SHIPPED, carrier + " " + trackingNumber);
        orders.setTracking(orderId, carrier, trackingNumber);
        return orders.view(orderId).orElseThrow();
    }

    @Transactional
    public OrderView deliver(UUID orderId) {
        transitions.move(lockedOrder(orderId), OrderStatus.DELIVERED, null);
        return orders.view(orderId).orElseThrow();
    }

    /** Refunds the order; units not yet shipped go back on the shelf. */
    @Transactional
    public OrderView refund(UUID orderId) {
        OrderRows.Header order = lockedOrder(orderId);
        transitions.move(order, OrderStatus.REFUNDED, "refunded by admin");
        if (!order.status().shipped()) {
            inventory.releaseOrder(orderId, "order refunded before shipping");
        }
        return orders.view(orderId).orElseThrow();
    }

    /** The order if the caller owns it; 404 otherwise, so ids of other people's orders reveal nothing. */
    OrderRows.Header ownedOrder(Caller caller, UUID orderId) {
        return orders.lock(orderId).filter(order -> order.owner().equals(Owner.of(caller)))
                .orElseThrow(() -> ProblemException.notFound("order", orderId));
    }

    private OrderRows.Header lockedOrder(UUID orderId) {
        return orders.lock(orderId).orElseThrow(() -> ProblemException.notFound("order", orderId));
    }
}
