package dev.mercato.analytics.internal;

import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import dev.mercato.orders.OrderPlaced;
import dev.mercato.orders.OrderStatusChanged;

/**
 * Feeds the order events to the ledger through the outbox: each is recorded after the order's
 * commit, and an event whose recording failed (or whose node died) is delivered again later, which
 * the ledger counts once.
 *
 * <p>A delivery waits for {@link LedgerBatches} to record it with the others that arrived meanwhile,
 * without holding a database connection while it waits; hence {@code @Async} here rather than
 * {@code @ApplicationModuleListener}, which opens a transaction first. With a transaction per event
 * on a virtual thread each, the deliveries queued on the hour's rollup rows holding connections:
 * about eight of the pool's 24 at a time at 55 checkouts a second (pg_stat_statements: the
 * {@code sales_hourly} upsert averaged 145 ms, all of it lock wait), which checkouts then waited
 * for. Spring Modulith still registers and completes the publication for this listener id.
 */
@Component
class OrderSalesListener {

    private final LedgerBatches batches;

    OrderSalesListener(LedgerBatches batches) {
        this.batches = batches;
    }

    @Async
    @TransactionalEventListener
    void on(OrderPlaced placed) {
        batches.submit(placed).join();
    }

    /**
     * Not the first status (pending payment): when the order was placed comes with {@link OrderPlaced},
     * so that status would only cost a publication, a delivery and a ledger row per order. Events a
     * release before {@code OrderPlaced.placedAt} stored were registered for this listener by that
     * release, and are still recorded.
     */
    @Async
    @TransactionalEventListener(condition = "#changed.from() != null")
    void on(OrderStatusChanged changed) {
        batches.submit(changed).join();
    }
}
