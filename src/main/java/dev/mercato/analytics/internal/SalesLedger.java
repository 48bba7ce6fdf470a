package dev.mercato.analytics.internal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

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

    /** Records the order's money and lines. Answers false (and changes nothing) for a re-delivery. */
    @Transactional
    boolean placed(OrderPlaced placed) {
        UUID order = placed.orderId().value();
        List<OrderPlaced.Line> lines = placed.lines();
        Map<String, SkuInfo> skus = catalog.skus(lines.stream().map(OrderPlaced.Line::sku).toList());
        // the event recorded as processed, the order's facts merged and its lines stored, in one statement;
        // no row comes back for a re-delivery (the processed-events insert found its row)
        Optional<Facts> facts = jdbc.sql("""
                WITH first AS (
                    INSERT INTO analytics_processed_events (order_id, event, processed_at) VALUES (:order, 'placed', :now)
                    ON CONFLICT DO NOTHING RETURNING order_id),
                facts AS (
                    INSERT INTO analytics_orders (order_id, currency, total, lines_known)
                    SELECT order_id, :currency::char(3), :total::numeric, TRUE FROM first
                    ON CONFLICT (order_id) DO UPDATE SET currency = EXCLUDED.currency, total = EXCLUDED.total, lines_known = TRUE
                    RETURNING %s),
                lines AS (
                    INSERT INTO analytics_order_lines (order_id, sku, product_id, quantity, revenue)
                    SELECT first.order_id, l.sku, l.product_id, l.quantity, l.revenue
                    FROM first, unnest(:skus::text[], :products::bigint[], :quantities::int[], :revenues::numeric[])
                         AS l(sku, product_id, quantity, revenue)
                    ON CONFLICT DO NOTHING)
                SELECT * FROM facts""".formatted(Facts.COLUMNS))
                .param("order", order).param("now", Timestamp.from(clock.instant()))
                .param("currency", placed.total().currency()).param("total", placed.total().amount())
                .param("skus", lines.stream().map(OrderPlaced.Line::sku).toArray(String[]::new))
                .param("products", lines.stream().map(l -> skus.containsKey(l.sku()) ? skus.get(l.sku()).productId().value() : null)
                        .toArray(Long[]::new))
                .param("quantities", lines.stream().map(OrderPlaced.Line::quantity).toArray(Integer[]::new))
                .param("revenues", lines.stream().map(l -> l.unitPrice().times(l.quantity()).amount()).toArray(BigDecimal[]::new))
                .query(Facts::of).optional();
        facts.ifPresent(merged -> settle(order, merged));
        return facts.isPresent();
    }

    /** Records what the status says about counting. Answers false (and changes nothing) for a re-delivery. */
    @Transactional
    boolean statusChanged(OrderStatusChanged changed) {
        UUID order = changed.orderId().value();
        Optional<Facts> facts = jdbc.sql("""
                WITH first AS (
                    INSERT INTO analytics_processed_events (order_id, event, processed_at) VALUES (:order, :event, :now)
                    ON CONFLICT DO NOTHING RETURNING order_id)
                INSERT INTO analytics_orders (order_id, placed_at, paid, ended)
                SELECT order_id, :placedAt::timestamptz, :paid::boolean, :ended::boolean FROM first
                ON CONFLICT (order_id) DO UPDATE SET placed_at = coalesce(analytics_orders.placed_at, EXCLUDED.placed_at),
                    paid = analytics_orders.paid OR EXCLUDED.paid, ended = analytics_orders.ended OR EXCLUDED.ended
                RETURNING %s""".formatted(Facts.COLUMNS))
                .param("order", order).param("event", "status:" + changed.to()).param("now", Timestamp.from(clock.instant()))
                .param("placedAt", changed.from() == null ? Timestamp.from(changed.at()) : null, java.sql.Types.TIMESTAMP)
                .param("paid", PAID.contains(changed.to())).param("ended", ENDED.contains(changed.to()))
                .query(Facts::of).optional();
        facts.ifPresent(merged -> settle(order, merged));
        return facts.isPresent();
    }

    /** The order's facts as the event's upsert left them (the upsert holds the row's lock until the commit). */
    private record Facts(Timestamp placedAt, String currency, BigDecimal total, boolean linesKnown, boolean paid, boolean ended,
            boolean counted) {

        static final String COLUMNS = "placed_at, currency, total, lines_known, paid, ended, counted";

        // mapped by hand: the record mapper looks each column up by its camel-case name first, and
        // every miss is a driver exception (two per event)
        static Facts of(ResultSet rs, int row) throws SQLException {
            return new Facts(rs.getTimestamp("placed_at"), rs.getString("currency"), rs.getBigDecimal("total"),
                    rs.getBoolean("lines_known"), rs.getBoolean("paid"), rs.getBoolean("ended"), rs.getBoolean("counted"));
        }

        boolean counts() {
            return linesKnown && placedAt != null && paid && !ended;
        }
    }

    /** Adds or takes out the order's contribution when whether it counts changed. */
    private void settle(UUID order, Facts facts) {
        if (facts.counts() == facts.counted()) {
            return;
        }
        List<SalesRollups.Line> lines = jdbc.sql("""
                SELECT sku, product_id, quantity, revenue FROM analytics_order_lines WHERE order_id = :order ORDER BY sku""")
                .param("order", order)
                .query((rs, n) -> new SalesRollups.Line(rs.getString("sku"), rs.getObject("product_id", Long.class),
                        rs.getInt("quantity"), rs.getBigDecimal("revenue")))
                .list();
        rollups.add(new SalesRollups.Contribution(order, facts.placedAt().toInstant(), facts.currency().trim(), facts.total(), lines),
                facts.counts() ? 1 : -1);
        jdbc.sql("UPDATE analytics_orders SET counted = :counted WHERE order_id = :order")
                .param("counted", facts.counts()).param("order", order).update();
    }
}
