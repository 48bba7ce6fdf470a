package dev.mercato.analytics.internal;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.mercato.catalog.Catalog;
import dev.mercato.catalog.SkuInfo;
import dev.mercato.orders.OrderPlaced;
import dev.mercato.orders.OrderStatusChanged;

/**
 * Turns order events into rollup contributions, exactly once per event and regardless of the order
 * the events arrive in. Each event is first recorded in {@code analytics_processed_events} (an order
 * reaches each status at most once, so order id and status name identify a status event); a
 * re-delivered event finds its row there and changes nothing. What the event says is then merged
 * into the order's facts ({@code analytics_orders}: placed when, lines, paid, ended), and the order's
 * contribution is added or taken out when the answer to "does it count?" changed: it counts once
 * it is placed, its lines are known and it is paid, until it is cancelled or refunded.
 *
 * <p>Events are recorded a batch at a time ({@link #record}, one transaction; {@link LedgerBatches}
 * gathers them): the batch's contributions are summed and the rollup rows written once at the end,
 * just before the commit. Every paid order of an hour adds to the same rows, so a transaction per
 * event queued each on the one before it for the whole rest of that transaction.
 */
@Component
class SalesLedger {

    private static final Set<String> PAID = Set.of("paid", "fulfilling", "shipped", "delivered");
    private static final Set<String> ENDED = Set.of("cancelled", "refunded");

    private final JdbcClient jdbc;
    private final SalesRollups rollups;
    private final Catalog catalog;
    private final Clock clock;

    SalesLedger(JdbcClient jdbc, SalesRollups rollups, Catalog catalog, Clock clock) {
        this.jdbc = jdbc;
        this.rollups = rollups;
        this.catalog = catalog;
        this.clock = clock;
    }

    /**
     * Records the events ({@link OrderPlaced} or {@link OrderStatusChanged}) in one transaction, in
     * the order given. Answers, per event, false for a re-delivery (which changed nothing).
     */
    @Transactional
    List<Boolean> record(List<?> events) {
        List<SalesRollups.Signed> contributions = new ArrayList<>();
        Boolean[] firsts = new Boolean[events.size()];
        // by order id: the order rows are locked in one order by every batch (two nodes' batches cannot
        // deadlock on them); the ledger does not care in which order the events come
        IntStream.range(0, events.size()).boxed()
                .sorted(Comparator.comparing(i -> orderOf(events.get(i))))
                .forEach(i -> firsts[i] = switch (events.get(i)) {
                    case OrderPlaced placed -> placed(placed, contributions);
                    case OrderStatusChanged changed -> statusChanged(changed, contributions);
                    default -> throw new IllegalStateException();
                });
        rollups.add(contributions);
        return List.of(firsts);
    }

    private static UUID orderOf(Object event) {
        return switch (event) {
            case OrderPlaced placed -> placed.orderId().value();
            case OrderStatusChanged changed -> changed.orderId().value();
            default -> throw new IllegalArgumentException("not an order event: " + event.getClass().getName());
        };
    }

    /** Records the order's money and lines. */
    private boolean placed(OrderPlaced placed, List<SalesRollups.Signed> contributions) {
        UUID order = placed.orderId().value();
        if (!firstDelivery(order, "placed")) {
            return false;
        }
        Map<String, SkuInfo> skus = catalog.skus(placed.lines().stream().map(OrderPlaced.Line::sku).toList());
        jdbc.sql("""
                INSERT INTO analytics_orders (order_id, currency, total, lines_known, placed_at)
                VALUES (:order, :currency, :total, TRUE, :placedAt)
                ON CONFLICT (order_id) DO UPDATE SET currency = EXCLUDED.currency, total = EXCLUDED.total, lines_known = TRUE,
                    placed_at = coalesce(analytics_orders.placed_at, EXCLUDED.placed_at)""")
                .param("order", order).param("currency", placed.total().currency()).param("total", placed.total().amount())
                .param("placedAt", placed.placedAt() == null ? null : Timestamp.from(placed.placedAt()), java.sql.Types.TIMESTAMP)
                .update();
        List<OrderPlaced.Line> lines = placed.lines();
        jdbc.sql("""
                INSERT INTO analytics_order_lines (order_id, sku, product_id, quantity, revenue)
                SELECT :order, l.sku, l.product_id, l.quantity, l.revenue
                FROM unnest(:skus::text[], :products::bigint[], :quantities::int[], :revenues::numeric[]) AS l(sku, product_id, quantity, revenue)
                ON CONFLICT DO NOTHING""")
                .param("order", order)
                .param("skus", lines.stream().map(OrderPlaced.Line::sku).toArray(String[]::new))
                .param("products", lines.stream().map(l -> skus.containsKey(l.sku()) ? skus.get(l.sku()).productId().value() : null)
                        .toArray(Long[]::new))
                .param("quantities", lines.stream().map(OrderPlaced.Line::quantity).toArray(Integer[]::new))
                .param("revenues", lines.stream().map(l -> l.unitPrice().times(l.quantity()).amount()).toArray(BigDecimal[]::new))
                .update();
        settle(order, contributions);
        return true;
    }

    /** Records what the status says about counting. */
    private boolean statusChanged(OrderStatusChanged changed, List<SalesRollups.Signed> contributions) {
        UUID order = changed.orderId().value();
        if (!firstDelivery(order, "status:" + changed.to())) {
            return false;
        }
        jdbc.sql("""
                INSERT INTO analytics_orders (order_id, placed_at, paid, ended) VALUES (:order, :placedAt, :paid, :ended)
                ON CONFLICT (order_id) DO UPDATE SET placed_at = coalesce(analytics_orders.placed_at, EXCLUDED.placed_at),
                    paid = analytics_orders.paid OR EXCLUDED.paid, ended = analytics_orders.ended OR EXCLUDED.ended""")
                .param("order", order)
                .param("placedAt", changed.from() == null ? Timestamp.from(changed.at()) : null, java.sql.Types.TIMESTAMP)
                .param("paid", PAID.contains(changed.to())).param("ended", ENDED.contains(changed.to()))
                .update();
        settle(order, contributions);
        return true;
    }

    private boolean firstDelivery(UUID order, String event) {
        return jdbc.sql("""
                INSERT INTO analytics_processed_events (order_id, event, processed_at) VALUES (:order, :event, :now)
                ON CONFLICT DO NOTHING""")
                .param("order", order).param("event", event).param("now", Timestamp.from(clock.instant())).update() == 1;
    }

    private record Facts(Timestamp placedAt, String currency, BigDecimal total, boolean linesKnown, boolean paid, boolean ended,
            boolean counted) {

        boolean counts() {
            return linesKnown && placedAt != null && paid && !ended;
        }
    }

    /**
     * Adds or takes out (to {@code contributions}) the order's contribution when whether it counts
     * changed; the row is locked by the upsert before.
     */
    private void settle(UUID order, List<SalesRollups.Signed> contributions) {
        Facts facts = jdbc.sql("""
                SELECT placed_at, currency, total, lines_known, paid, ended, counted FROM analytics_orders
                WHERE order_id = :order FOR UPDATE""")
                .param("order", order).query(Facts.class).single();
        if (facts.counts() == facts.counted()) {
            return;
        }
        List<SalesRollups.Line> lines = jdbc.sql("""
                SELECT sku, product_id, quantity, revenue FROM analytics_order_lines WHERE order_id = :order ORDER BY sku""")
                .param("order", order).query(SalesRollups.Line.class).list();
        contributions.add(new SalesRollups.Signed(
                new SalesRollups.Contribution(facts.placedAt().toInstant(), facts.currency().trim(), facts.total(), lines),
                facts.counts() ? 1 : -1));
        jdbc.sql("UPDATE analytics_orders SET counted = :counted WHERE order_id = :order")
                .param("counted", facts.counts()).param("order", order).update();
    }
}
