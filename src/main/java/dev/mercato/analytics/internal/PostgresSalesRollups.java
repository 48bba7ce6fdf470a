package dev.mercato.analytics.internal;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.mercato.platform.cache.AfterCommit;
import dev.mercato.platform.database.ReplicaReads;

/**
 * {@link SalesRollups} on plain PostgreSQL: four rollup tables (total and per SKU, hourly and daily)
 * partitioned by month, each bucket row updated in place by an upsert. Rows of one order are always
 * touched in the same order (total rows, then SKUs sorted), so two orders of the same hour queue on
 * the hour's row instead of deadlocking. A month's partitions are made the first time this process
 * writes to that month (the migration made the months around its own run already).
 *
 * <p>The two reads (series and rankings, the admin's reports) go through {@link ReplicaReads}: a
 * replica within its lag limit answers them, so a month-long report scans the replica, not the
 * primary that takes the checkouts. Nothing reads its own writes here: the rollups are filled by
 * order events after their commit, so a report is already seconds behind the orders it counts.
 */
@Component
class PostgresSalesRollups implements SalesRollups {

    private static final String TOTALS = """
            INSERT INTO %s (bucket, currency, orders, units, revenue) VALUES (:bucket, :currency, :orders, :units, :revenue)
            ON CONFLICT (bucket, currency) DO UPDATE SET orders = %1$s.orders + EXCLUDED.orders,
                units = %1$s.units + EXCLUDED.units, revenue = %1$s.revenue + EXCLUDED.revenue""";
    private static final String PER_SKU = """
            INSERT INTO %s (bucket, sku, currency, product_id, orders, units, revenue)
            SELECT :bucket, l.sku, :currency, l.product_id, :sign, :sign * l.quantity, :sign * l.revenue
            FROM unnest(:skus::text[], :products::bigint[], :quantities::bigint[], :revenues::numeric[])
                 AS l(sku, product_id, quantity, revenue)
            ORDER BY l.sku
            ON CONFLICT (bucket, sku, currency) DO UPDATE SET orders = %1$s.orders + EXCLUDED.orders,
                units = %1$s.units + EXCLUDED.units, revenue = %1$s.revenue + EXCLUDED.revenue,
                product_id = coalesce(%1$s.product_id, EXCLUDED.product_id)""";

    private final JdbcClient jdbc;
    private final ReplicaReads reads;
    private final Set<Instant> monthsReady = ConcurrentHashMap.newKeySet();

    PostgresSalesRollups(JdbcClient jdbc, ReplicaReads reads) {
        this.jdbc = jdbc;
        this.reads = reads;
    }

    @Override
    public void add(Contribution order, int sign) {
        if (sign != 1 && sign != -1) {
            throw new IllegalArgumentException("sign is 1 or -1, was " + sign);
        }
        ensureMonth(order.placedAt());
        Instant hour = order.placedAt().truncatedTo(ChronoUnit.HOURS);
        Instant day = order.placedAt().truncatedTo(ChronoUnit.DAYS);
        long units = order.lines().stream().mapToLong(Line::quantity).sum();
        for (var bucket : List.of(new Bucket("sales_hourly", hour), new Bucket("sales_daily", day))) {
            jdbc.sql(TOTALS.formatted(bucket.table())).param("bucket", Timestamp.from(bucket.start()))
                    .param("currency", order.currency()).param("orders", sign).param("units", sign * units)
                    .param("revenue", order.total().multiply(BigDecimal.valueOf(sign))).update();
        }
        List<Line> lines = order.lines().stream().sorted(Comparator.comparing(Line::sku)).toList();
        for (var bucket : List.of(new Bucket("product_sales_hourly", hour), new Bucket("product_sales_daily", day))) {
            jdbc.sql(PER_SKU.formatted(bucket.table())).param("bucket", Timestamp.from(bucket.start()))
                    .param("currency", order.currency()).param("sign", sign)
                    .param("skus", lines.stream().map(Line::sku).toArray(String[]::new))
                    .param("products", lines.stream().map(Line::productId).toArray(Long[]::new))
                    .param("quantities", lines.stream().map(l -> (long) l.quantity()).toArray(Long[]::new))
                    .param("revenues", lines.stream().map(Line::revenue).toArray(BigDecimal[]::new))
                    .update();
        }
    }

    private record Bucket(String table, Instant start) {
    }

    private void ensureMonth(Instant at) {
        Instant month = at.atZone(java.time.ZoneOffset.UTC).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).toInstant();
        if (monthsReady.contains(month)) {
            return;
        }
        jdbc.sql("SELECT analytics_ensure_month(:at)").param("at", Timestamp.from(at)).query((rs, n) -> 1).list();
        // only once committed: a rolled-back transaction takes the partitions it made with it
        AfterCommit.run(() -> monthsReady.add(month));
    }

    @Override
    public List<Point> sales(Instant from, Instant to, Granularity granularity, String sku) {
        boolean hourly = granularity == Granularity.HOUR;
        String table = (sku == null ? "sales_" : "product_sales_") + (hourly ? "hourly" : "daily");
        Instant start = from.truncatedTo(hourly ? ChronoUnit.HOURS : ChronoUnit.DAYS);
        return reads.read(database -> database.sql("""
                SELECT bucket, sum(orders) AS orders, sum(units) AS units, sum(revenue) AS revenue, currency
                FROM %s WHERE bucket >= :from AND bucket < :to %s
                GROUP BY bucket, currency HAVING sum(orders) <> 0
                ORDER BY bucket, currency""".formatted(table, sku == null ? "" : "AND sku = :sku"))
                .param("from", Timestamp.from(start)).param("to", Timestamp.from(to))
                .params(sku == null ? java.util.Map.of() : java.util.Map.of("sku", sku))
                .query((rs, n) -> new Point(rs.getTimestamp("bucket").toInstant(), rs.getLong("orders"), rs.getLong("units"),
                        rs.getBigDecimal("revenue"), rs.getString("currency")))
                .list());
    }

    @Override
    public List<ProductSales> topProducts(Instant from, Instant to, int limit) {
        boolean wholeDays = from.equals(from.truncatedTo(ChronoUnit.DAYS)) && to.equals(to.truncatedTo(ChronoUnit.DAYS));
        return reads.read(database -> database.sql("""
                SELECT product_id, currency, sum(units) AS units, sum(revenue) AS revenue
                FROM %s WHERE bucket >= :from AND bucket < :to AND product_id IS NOT NULL
                GROUP BY product_id, currency HAVING sum(orders) <> 0
                ORDER BY revenue DESC, units DESC, product_id
                LIMIT :limit""".formatted(wholeDays ? "product_sales_daily" : "product_sales_hourly"))
                .param("from", Timestamp.from(from.truncatedTo(ChronoUnit.HOURS))).param("to", Timestamp.from(to))
                .param("limit", limit)
                .query((rs, n) -> new ProductSales(rs.getLong("product_id"), rs.getString("currency"), rs.getLong("units"),
                        rs.getBigDecimal("revenue")))
                .list());
    }
}
