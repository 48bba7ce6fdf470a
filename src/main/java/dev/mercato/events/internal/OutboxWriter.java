package dev.mercato.events.internal;

import java.util.List;

import org.springframework.context.event.EventListener;

import dev.mercato.catalog.ProductsChanged;
import dev.mercato.inventory.StockChanged;
import dev.mercato.orders.OrderPlaced;
import dev.mercato.orders.OrderStatusChanged;

/**
 * Stores each externalised event in the outbox while its publisher's transaction is still open:
 * plain synchronous listeners (not after-commit ones), so a rolled-back change leaves no event and a
 * committed one cannot lose its event. Nothing here talks to Kafka; a broker that is down slows no
 * checkout. A failure to write the row fails the publisher's transaction, as any other write in it would.
 */
final class OutboxWriter {

    private final Outbox outbox;
    private final EventEnvelopes envelopes;

    OutboxWriter(Outbox outbox, EventEnvelopes envelopes) {
        this.outbox = outbox;
        this.envelopes = envelopes;
    }

    @EventListener
    void on(OrderPlaced event) {
        outbox.append(List.of(envelopes.of(event)));
    }

    @EventListener
    void on(OrderStatusChanged event) {
        outbox.append(List.of(envelopes.of(event)));
    }

    @EventListener
    void on(StockChanged event) {
        outbox.append(List.of(envelopes.of(event)));
    }

    @EventListener
    void on(ProductsChanged event) {
        outbox.append(envelopes.of(event));
    }
}
