/**
 * Promotions: flash sales (a SKU at a special price in a time window, limited quantity, a
 * per-customer limit enforced by a database constraint) and coupon codes (percentage or fixed
 * discounts with a validity window, minimum subtotal, eligible SKUs or categories, and overall and
 * per-customer limits enforced by database constraints). Shoppers claim flash units, which go into
 * their cart through {@link dev.mercato.cart.Carts}; claimed prices and coupons reach carts and
 * orders through pricing's {@link dev.mercato.pricing.ClaimedPrices} and
 * {@link dev.mercato.pricing.Coupons} ports, which this module implements. Listens to
 * {@link dev.mercato.orders.OrderStatusChanged} to count a coupon for a paid order and return it for
 * a cancelled or refunded one. Publishes no events.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Promotions",
        allowedDependencies = {"cart", "catalog", "orders", "platform", "pricing"})
package dev.mercato.promotions;
