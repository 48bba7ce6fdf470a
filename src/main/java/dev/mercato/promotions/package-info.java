/**
 * Promotions: flash sales (a SKU at a special price in a time window, limited quantity, a
 * per-customer limit enforced by a database constraint). Shoppers claim units, which go into their
 * cart; checkout asks {@link dev.mercato.promotions.FlashPrices} for the price of claimed units.
 * Publishes no events yet.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Promotions")
package dev.mercato.promotions;
