package dev.mercato.analytics.internal;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import dev.mercato.orders.OrderPlaced;
import dev.mercato.orders.OrderStatusChanged;

/**
 * Feeds the order events to the ledger through the outbox: each runs after the order's commit in a
 * transaction of its own, and an event whose listener failed (or whose node died) is delivered again
 * later, which the ledger counts once.
 */
@Component
class OrderSalesListener {

    private final SalesLedger ledger;

    OrderSalesListener(SalesLedger ledger) {
        this.ledger = ledger;
    }

    @ApplicationModuleListener
    void on(OrderPlaced placed) {
        ledger.placed(placed);
    }

    @ApplicationModuleListener
    void on(OrderStatusChanged changed) {
        ledger.statusChanged(changed);
    }
}
