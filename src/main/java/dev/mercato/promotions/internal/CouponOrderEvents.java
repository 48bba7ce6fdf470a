package dev.mercato.promotions.internal;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import dev.mercato.orders.OrderStatusChanged;

/**
 * Follows orders' status changes for their coupons, from the event publication registry (retried
 * until it succeeds, so a crash cannot lose a count or a return): a paid order's redemption is
 * counted; a cancelled or refunded order's is returned. Both steps are idempotent and commute (a
 * return seen before the payment leaves nothing to count), so re-delivery and out-of-order delivery
 * are harmless. Orders that were never paid have their redemption returned already, in the
 * transaction that cancelled them (through {@code Pricing.release}); the event then finds nothing.
 */
@Component
class CouponOrderEvents {

    private final CouponRedemptions redemptions;

    CouponOrderEvents(CouponRedemptions redemptions) {
        this.redemptions = redemptions;
    }

    /**
     * Stored only for the statuses it acts on and only for orders with a coupon or not known to have
     * none (evaluated before the publication is written): a new order's, and every change of an order
     * without a coupon, cost no row, no marks and no transaction.
     */
    @ApplicationModuleListener(condition = "#change.withCoupon() != false"
            + " and (#change.to() == 'paid' or #change.to() == 'cancelled' or #change.to() == 'refunded')")
    void on(OrderStatusChanged change) {
        switch (change.to()) {
            case "paid" -> redemptions.markRedeemed(change.orderId());
            case "cancelled", "refunded" -> redemptions.giveBack(change.orderId());
            default -> {
                // fulfilling, shipped, delivered: the redemption stays counted
            }
        }
    }
}
