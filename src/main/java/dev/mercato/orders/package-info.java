/**
 * Checkout and orders: turns a cart into an order exactly once per idempotency key (order and holds
 * in one transaction, payment outside it, result in a second), runs the order state machine, and
 * streams status changes to shoppers. Publishes {@link dev.mercato.orders.OrderPlaced} and
 * {@link dev.mercato.orders.OrderStatusChanged}; listens to its own status changes to move money back
 * (void or refund) through the outbox, so a crash cannot lose a refund. Old orders in a final state move to
 * its own {@code orders_archive}, anonymised, where their owners still read them.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Orders",
        allowedDependencies = {"cart", "customers", "inventory", "payments", "platform", "pricing"})
package dev.mercato.orders;
