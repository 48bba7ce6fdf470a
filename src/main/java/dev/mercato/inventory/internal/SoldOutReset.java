package dev.mercato.inventory.internal;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import dev.mercato.inventory.StockChanged;

/** Lifts the engine's in-memory "sold out" for a SKU as soon as units are back (restock, release, expiry). */
@Component
class SoldOutReset {

    private final CoalescingReservationEngine engine;

    SoldOutReset(CoalescingReservationEngine engine) {
        this.engine = engine;
    }

    @ApplicationModuleListener
    void on(StockChanged change) {
        if (change.available() > 0) {
            engine.stockAvailable(change.sku());
        }
    }
}
