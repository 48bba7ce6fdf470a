package dev.mercato.analytics.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The port the sales figures live behind: contributions of orders go in, series and rankings come
 * out. Implemented by {@link PostgresSalesRollups} (plain tables partitioned by month). Buckets are
 * UTC hours and days; an order's contribution always goes to the buckets of the time it was placed.
 *
 * <p>Contract: {@link #add} joins the caller's transaction (so the events that caused it are recorded
 * as processed in the same commit), and is commutative: contributions may arrive in any order.
 */
public interface SalesRollups {

    enum Granularity { HOUR, DAY }

    /** One order's figures: counted once in total, and once per SKU it contains. */
    record Contribution(Instant placedAt, String currency, BigDecimal total, List<Line> lines) {
    }

    /** @param revenue unit price x quantity, before order-level discounts */
    record Line(String sku, Long productId, int quantity, BigDecimal revenue) {
    }

    record Point(Instant at, long orders, long units, BigDecimal revenue, String currency) {
    }

    record ProductSales(long productId, String currency, long units, BigDecimal revenue) {
    }

    /** A contribution added ({@code sign} 1) or taken out again ({@code sign} -1). */
    record Signed(Contribution contribution, int sign) {

        public Signed {
            if (sign != 1 && sign != -1) {
                throw new IllegalArgumentException("sign is 1 or -1, was " + sign);
            }
        }
    }

    /** Adds or takes out every contribution, all in the caller's transaction. */
    void add(List<Signed> contributions);

    /** Buckets starting in [from's bucket, to), oldest first, those with orders only; per SKU when {@code sku} is set. */
    List<Point> sales(Instant from, Instant to, Granularity granularity, String sku);

    /** Products by revenue in [from, to), best first; whole UTC days are read from the daily rollup, otherwise hourly. */
    List<ProductSales> topProducts(Instant from, Instant to, int limit);
}
