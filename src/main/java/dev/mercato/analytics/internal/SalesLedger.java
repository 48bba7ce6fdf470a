package dev.mercato.analytics.internal;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    /** The event's row, returned only when it is new (an order reaches each status at most once). */
    private static final String FIRST_DELIVERY = """
                INSERT INTO analytics_processed_events (order_id, event, processed_at) VALUES (:order, :event, :now)
                ON CONFLICT DO NOTHING RETURNING order_id""";

    private static final String FACTS = "placed_at, currency, total, lines_known, paid, ended, counted";

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
        // the product of each SKU the batch's orders bought, in one look-up for the whole batch
        Map<String, SkuInfo> skus = catalog.skus(events.stream().filter(OrderPlaced.class::isInstance).map(OrderPlaced.class::cast)
                .flatMap(placed -> placed.lines().stream()).map(OrderPlaced.Line::sku).distinct().toList());
        // by order id: the order rows are locked in one order by every batch (two nodes' batches cannot
        // deadlock on them); the ledger does not care in which order the events come
        IntStream.range(0, events.size()).boxed()
                .sorted(Comparator.comparing(i -> orderOf(events.get(i))))
                .forEach(i -> firsts[i] = switch (events.get(i)) {
                    case OrderPlaced placed -> placed(placed, skus, contributions);
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

    /**
     * Records the order's money and lines, in one statement: the processed-event row first, then the
     * order's facts and lines only if that row is new. No row back: a re-delivery, nothing changed.
     */
    private boolean placed(OrderPlaced placed, Map<String, SkuInfo> skus, List<SalesRollups.Signed> contributions) {
        UUID order = placed.orderId().value();
        List<OrderPlaced.Line> lines = placed.lines();
        Optional<Facts> facts = jdbc.sql("""
                WITH first AS (""" + FIRST_DELIVERY + """
                ),
                lines AS (
                    INSERT INTO analytics_order_lines (order_id, sku, product_id, quantity, revenue)
                    SELECT first.order_id, l.sku, l.product_id, l.quantity, l.revenue
                    FROM first, unnest(:skus::text[], :products::bigint[], :quantities::int[], :revenues::numeric[])
                         AS l(sku, product_id, quantity, revenue)
                    ON CONFLICT DO NOTHING)
                INSERT INTO analytics_orders (order_id, currency, total, lines_known, placed_at)
                SELECT first.order_id, :currency, :total, TRUE, :placedAt FROM first
                ON CONFLICT (order_id) DO UPDATE SET currency = EXCLUDED.currency, total = EXCLUDED.total, lines_known = TRUE,
                    placed_at = coalesce(analytics_orders.placed_at, EXCLUDED.placed_at)
                RETURNING\s""" + FACTS)
                .param("order", order).param("event", "placed").param("now", Timestamp.from(clock.instant()))
                .param("currency", placed.total().currency()).param("total", placed.total().amount())
                .param("placedAt", placed.placedAt() == null ? null : Timestamp.from(placed.placedAt()), java.sql.Types.TIMESTAMP)
                .param("skus", lines.stream().map(OrderPlaced.Line::sku).toArray(String[]::new))
                .param("products", lines.stream().map(l -> skus.containsKey(l.sku()) ? skus.get(l.sku()).productId().value() : null)
                        .toArray(Long[]::new))
                .param("quantities", lines.stream().map(OrderPlaced.Line::quantity).toArray(Integer[]::new))
                .param("revenues", lines.stream().map(l -> l.unitPrice().times(l.quantity()).amount()).toArray(BigDecimal[]::new))
                .query(Facts.class).optional();
        facts.ifPresent(known -> settle(order, known, contributions));
        return facts.isPresent();
    }

    /** Records what the status says about counting, in one statement as {@link #placed}. */
    private boolean statusChanged(OrderStatusChanged changed, List<SalesRollups.Signed> contributions) {
        UUID order = changed.orderId().value();
        Optional<Facts> facts = jdbc.sql("""
                WITH first AS (""" + FIRST_DELIVERY + """
                )
                INSERT INTO analytics_orders (order_id, placed_at, paid, ended)
                SELECT first.order_id, :placedAt, :paid, :ended FROM first
                ON CONFLICT (order_id) DO UPDATE SET placed_at = coalesce(analytics_orders.placed_at, EXCLUDED.placed_at),
                    paid = analytics_orders.paid OR EXCLUDED.paid, ended = analytics_orders.ended OR EXCLUDED.ended
                RETURNING\s""" + FACTS)
                .param("order", order).param("event", "status:" + changed.to()).param("now", Timestamp.from(clock.instant()))
                .param("placedAt", changed.from() == null ? Timestamp.from(changed.at()) : null, java.sql.Types.TIMESTAMP)
                .param("paid", PAID.contains(changed.to())).param("ended", ENDED.contains(changed.to()))
                .query(Facts.class).optional();
        facts.ifPresent(known -> settle(order, known, contributions));
        return facts.isPresent();
    }

    private record Facts(Timestamp placedAt, String currency, BigDecimal total, boolean linesKnown, boolean paid, boolean ended,
            boolean counted) {

        boolean counts() {
            return linesKnown && placedAt != null && paid && !ended;
        }
    }

    /**
     * Adds or takes out (to {@code contributions}) the order's contribution when whether it counts
     * changed; {@code facts} are the row as the upsert left it, locked by it until the commit.
     */
    private void settle(UUID order, Facts facts, List<SalesRollups.Signed> contributions) {
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
