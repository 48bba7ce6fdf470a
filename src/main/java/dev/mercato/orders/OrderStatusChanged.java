package dev.mercato.orders;

import java.time.Instant;

import dev.mercato.platform.commerce.OrderId;

/**
 * An order moved from one status to another; {@code from} is null for a new order.
 *
 * @param withCoupon true when the order was priced with a coupon, false when without one, null when not
 *                   known (an order placed by a release that did not record it): a listener that only
 *                   acts on couponed orders can skip false, and must not skip null
 */
public record OrderStatusChanged(OrderId orderId, String from, String to, Instant at, Boolean withCoupon) {

    /** A change of an order whose coupon is not known here. */
    public OrderStatusChanged(OrderId orderId, String from, String to, Instant at) {
        this(orderId, from, to, at, null);
    }
}
