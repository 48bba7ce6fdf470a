package dev.mercato.analytics.internal;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.mercato.platform.cache.AfterCommit;
import dev.mercato.platform.database.ReplicaReads;

/**
 * {@link SalesRollups} on plain PostgreSQL: four rollup tables (total and per SKU, hourly and daily)
 * partitioned by month, each bucket row updated in place by an upsert. A batch of contributions
 * (the ledger records order events a batch at a time) is summed per row first, so each row is
 * written once per batch, one statement per table; rows are always written in the same order
 * (hourly, then daily; by bucket, SKU, currency), so two batches touching the same rows (two nodes)
 * queue on the first instead of deadlocking. A month's partitions are made the first time this process
 * writes to that month (the migration made the months around its own run already).
 *
 * <p>The two reads (series and rankings, the admin's reports) go through {@link ReplicaReads}: a
 * replica within its lag limit answers them, so a month-long report scans the replica, not the
 * primary that takes the checkouts. Nothing reads its own writes here: the rollups are filled by
 * order events after their commit, so a report is already seconds behind the orders it counts.
 */
@Component
class PostgresSalesRollups implements SalesRollups {

    // one statement per table for a whole batch of contributions, the rows in key order (see the class comment)
    private static final String TOTALS = """
            INSERT INTO %s (bucket, currency, orders, units, revenue)
            SELECT to_timestamp(t.bucket), t.currency, t.orders, t.units, t.revenue
            FROM unnest(:buckets::bigint[], :currencies::text[], :orders::bigint[], :units::bigint[], :revenues::numeric[])
                 AS t(bucket, currency, orders, units, revenue)
            ORDER BY t.bucket, t.currency
            ON CONFLICT (bucket, currency) DO UPDATE SET orders = %1$s.orders + EXCLUDED.orders,
                units = %1$s.units + EXCLUDED.units, revenue = %1$s.revenue + EXCLUDED.revenue""";
    private static final String PER_SKU = """
            INSERT INTO %s (bucket, sku, currency, product_id, orders, units, revenue)
            SELECT to_timestamp(l.bucket), l.sku, l.currency, l.product_id, l.orders, l.units, l.revenue
            FROM unnest(:buckets::bigint[], :skus::text[], :currencies::text[], :products::bigint[], :orders::bigint[],
                        :units::bigint[], :revenues::numeric[])
                 AS l(bucket, sku, currency, product_id, orders, units, revenue)
            ORDER BY l.bucket, l.sku, l.currency
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
    public void add(List<Signed> contributions) {
        if (contributions.isEmpty()) {
            return;
        }
        contributions.stream().map(signed -> signed.contribution().placedAt()).forEach(this::ensureMonth);
        for (ChronoUnit unit : List.of(ChronoUnit.HOURS, ChronoUnit.DAYS)) {
            String grain = unit == ChronoUnit.HOURS ? "hourly" : "daily";
            Map<TotalKey, Sums> totals = new TreeMap<>();
            Map<SkuKey, Sums> perSku = new TreeMap<>();
            for (Signed signed : contributions) {
                Contribution order = signed.contribution();
                long bucket = order.placedAt().truncatedTo(unit).getEpochSecond();
                int sign = signed.sign();
                long units = order.lines().stream().mapToLong(Line::quantity).sum();
                totals.computeIfAbsent(new TotalKey(bucket, order.currency()), key -> new Sums())
                        .add(sign, sign * units, order.total().multiply(BigDecimal.valueOf(sign)), null);
                for (Line line : order.lines()) {
                    perSku.computeIfAbsent(new SkuKey(bucket, line.sku(), order.currency()), key -> new Sums())
                            .add(sign, (long) sign * line.quantity(), line.revenue().multiply(BigDecimal.valueOf(sign)), line.productId());
                }
            }
            jdbc.sql(TOTALS.formatted("sales_" + grain))
                    .param("buckets", totals.keySet().stream().map(TotalKey::bucket).toArray(Long[]::new))
                    .param("currencies", totals.keySet().stream().map(TotalKey::currency).toArray(String[]::new))
                    .param("orders", totals.values().stream().map(sums -> sums.orders).toArray(Long[]::new))
                    .param("units", totals.values().stream().map(sums -> sums.units).toArray(Long[]::new))
                    .param("revenues", totals.values().stream().map(sums -> sums.revenue).toArray(BigDecimal[]::new))
                    .update();
            jdbc.sql(PER_SKU.formatted("product_sales_" + grain))
                    .param("buckets", perSku.keySet().stream().map(SkuKey::bucket).toArray(Long[]::new))
                    .param("skus", perSku.keySet().stream().map(SkuKey::sku).toArray(String[]::new))
                    .param("currencies", perSku.keySet().stream().map(SkuKey::currency).toArray(String[]::new))
                    .param("products", perSku.values().stream().map(sums -> sums.productId).toArray(Long[]::new))
                    .param("orders", perSku.values().stream().map(sums -> sums.orders).toArray(Long[]::new))
                    .param("units", perSku.values().stream().map(sums -> sums.units).toArray(Long[]::new))
                    .param("revenues", perSku.values().stream().map(sums -> sums.revenue).toArray(BigDecimal[]::new))
                    .update();
        }
    }

    /** Bucket start in epoch seconds (hours and days are whole seconds), so the key sorts like the rows lock. */
    private record TotalKey(long bucket, String currency) implements Comparable<TotalKey> {

        @Override
        public int compareTo(TotalKey other) {
            int byBucket = Long.compare(bucket, other.bucket);
            return byBucket != 0 ? byBucket : currency.compareTo(other.currency);
        }
    }

    private record SkuKey(long bucket, String sku, String currency) implements Comparable<SkuKey> {

        @Override
        public int compareTo(SkuKey other) {
            int byBucket = Long.compare(bucket, other.bucket);
            if (byBucket != 0) {
                return byBucket;
            }
            int bySku = sku.compareTo(other.sku);
            return bySku != 0 ? bySku : currency.compareTo(other.currency);
        }
    }

    /** What one row gains from the batch; a product id known from any of its lines. */
    private static final class Sums {
        long orders;
        long units;
        BigDecimal revenue = BigDecimal.ZERO;
        Long productId;

        void add(long orders, long units, BigDecimal revenue, Long productId) {
            this.orders += orders;
            this.units += units;
            this.revenue = this.revenue.add(revenue);
            if (this.productId == null) {
                this.productId = productId;
            }
        }
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
