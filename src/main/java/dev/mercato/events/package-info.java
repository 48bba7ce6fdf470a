/**
 * Externalises the domain events of orders, inventory and catalog to Kafka when
 * {@code mercato.events.kafka.bootstrap-servers} is set (off by default: then this module does nothing).
 * Listens synchronously to {@link dev.mercato.orders.OrderPlaced}, {@link dev.mercato.orders.OrderStatusChanged},
 * {@link dev.mercato.inventory.StockChanged} and {@link dev.mercato.catalog.ProductsChanged}, writes each as a
 * versioned JSON envelope into its own outbox table in the publisher's transaction, and relays that outbox to the
 * topics {@code order-events}, {@code inventory-events} and {@code product-events} in order, at least once.
 * Its own module rather than part of platform: it names business events, and platform depends on no module.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Events",
        allowedDependencies = {"catalog", "inventory", "orders", "platform"})
package dev.mercato.events;
