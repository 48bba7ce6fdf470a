/**
 * Sales analytics: orders, units and revenue per hour and per day, in total and per SKU (and so per
 * product), kept in rollup tables maintained incrementally from the orders module's
 * {@link dev.mercato.orders.OrderPlaced} and {@link dev.mercato.orders.OrderStatusChanged}; a
 * re-delivered event counts once, and cancelled or refunded orders are taken out again. Publishes
 * nothing; asks the catalog which product a SKU belongs to and what it is called.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Analytics", allowedDependencies = {"catalog", "orders", "platform"})
package dev.mercato.analytics;
