/**
 * Promotions: flash sales (a SKU at a special price in a time window, limited quantity, a
 * per-customer limit enforced by a database constraint). Shoppers claim units, which go into their
 * cart through {@link dev.mercato.cart.Carts}; the claimed units' price reaches carts and orders
 * through pricing's {@link dev.mercato.pricing.ClaimedPrices} port, which this module implements.
 * Publishes no events yet.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Promotions", allowedDependencies = {"cart", "catalog", "platform", "pricing"})
package dev.mercato.promotions;
