package dev.mercato.promotions.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.mercato.platform.commerce.Money;
import dev.mercato.platform.commerce.OrderId;
import dev.mercato.platform.commerce.Owner;
import dev.mercato.platform.web.ProblemException;
import dev.mercato.pricing.Coupons;

/**
 * Coupons as pricing sees them, and their redemptions. A redemption is taken in the checkout
 * transaction that creates the order: one row in {@code coupon_redemptions} (one coupon per order,
 * its primary key), plus one on the counter rows that carry the limits, the customer's row in
 * {@code coupon_customer_uses} first, then the coupon's {@code taken}. The limits are CHECK
 * constraints on those counters: the counter update is unconditional and the database refuses the
 * one that would pass a limit, so no interleaving of checkouts can pass either, and this class
 * checks nothing itself (it only turns the refusal into its problem). Concurrent checkouts queue on
 * the counter rows until they commit; a coupon without a maximum has no counter to queue on.
 * <p>
 * The redemption is held while the order waits for its payment, counted ({@code redeemed}) when
 * the order is paid and returned when it is not, or when a paid order is cancelled or refunded
 * ({@link CouponOrderEvents}); returning takes the counters back down, so the slot is free again.
 * Lock order, everywhere: redemption row, customer counter, coupon counter.
 */
@Component
final class CouponRedemptions implements Coupons {

    private final JdbcClient jdbc;
    private final CouponMetrics metrics;
    private final Clock clock;

    CouponRedemptions(JdbcClient jdbc, CouponMetrics metrics, Clock clock) {
        this.jdbc = jdbc;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public Optional<Coupon> find(String code) {
        return jdbc.sql("""
                SELECT id, code, kind, value, currency, min_subtotal, starts_at, ends_at, skus, categories
                FROM coupons WHERE upper(code) = upper(:code)""").param("code", code)
                .query((rs, n) -> coupon(rs)).optional();
    }

    private record Limits(Integer maxRedemptions, Integer perCustomerLimit, int taken) {
    }

    @Override
    public Optional<ProblemException> limitReached(Owner owner, Coupon coupon) {
        Limits limits = limits(coupon.id());
        if (limits.perCustomerLimit() != null) {
            if (owner.kind() != Owner.Kind.CUSTOMER) {
                return Optional.of(loginRequired(coupon, limits));
            }
            int used = jdbc.sql("SELECT coalesce(max(taken), 0) FROM coupon_customer_uses WHERE coupon_id = :id AND owner = :owner")
                    .param("id", coupon.id()).param("owner", owner.key()).query(Integer.class).single();
            if (used >= limits.perCustomerLimit()) {
                return Optional.of(customerLimit(coupon, limits));
            }
        }
        if (limits.maxRedemptions() != null && limits.taken() >= limits.maxRedemptions()) {
            return Optional.of(exhausted(coupon, limits));
        }
        return Optional.empty();
    }

    @Override
    public void redeem(Owner owner, Coupon coupon, OrderId order, Money discount) {
        Limits limits = limits(coupon.id());
        if (limits.perCustomerLimit() != null) {
            if (owner.kind() != Owner.Kind.CUSTOMER) {
                metrics.count(CouponMetrics.Outcome.LIMIT);
                throw loginRequired(coupon, limits);
            }
            try {
                jdbc.sql("""
                        INSERT INTO coupon_customer_uses (coupon_id, owner, taken, per_customer_limit) VALUES (:id, :owner, 1, :limit)
                        ON CONFLICT (coupon_id, owner) DO UPDATE SET taken = coupon_customer_uses.taken + 1""")
                        .param("id", coupon.id()).param("owner", owner.key()).param("limit", limits.perCustomerLimit()).update();
            } catch (DataIntegrityViolationException refused) {
                // coupon_per_customer_limit: this customer's redemptions (paid or waiting for payment) are at the limit
                metrics.count(CouponMetrics.Outcome.LIMIT);
                throw customerLimit(coupon, limits);
            }
        }
        if (limits.maxRedemptions() != null) {
            try {
                jdbc.sql("UPDATE coupons SET taken = taken + 1 WHERE id = :id").param("id", coupon.id()).update();
            } catch (DataIntegrityViolationException refused) {
                // coupon_max_redemptions
                metrics.count(CouponMetrics.Outcome.EXHAUSTED);
                throw exhausted(coupon, limits);
            }
        }
        jdbc.sql("""
                INSERT INTO coupon_redemptions (order_id, coupon_id, owner, discount, currency, state, taken_at)
                VALUES (:order, :id, :owner, :discount, :currency, 'held', :now)""")
                .param("order", order.value()).param("id", coupon.id()).param("owner", owner.key())
                .param("discount", discount.amount()).param("currency", discount.currency())
                .param("now", Timestamp.from(clock.instant())).update();
    }

    private record Held(UUID couponId, String owner, String state) {
    }

    @Override
    public void giveBack(OrderId order) {
        Optional<Held> held = jdbc.sql("""
                SELECT coupon_id, owner, state FROM coupon_redemptions
                WHERE order_id = :order AND state IN ('held', 'redeemed') FOR UPDATE""")
                .param("order", order.value()).query(Held.class).optional();
        if (held.isEmpty()) {
            return; // no coupon on the order, or given back already
        }
        jdbc.sql("UPDATE coupon_customer_uses SET taken = taken - 1 WHERE coupon_id = :id AND owner = :owner")
                .param("id", held.get().couponId()).param("owner", held.get().owner()).update();
        jdbc.sql("UPDATE coupons SET taken = taken - 1 WHERE id = :id AND max_redemptions IS NOT NULL")
                .param("id", held.get().couponId()).update();
        jdbc.sql("UPDATE coupon_redemptions SET state = 'returned', returned_at = :now WHERE order_id = :order")
                .param("now", Timestamp.from(clock.instant())).param("order", order.value()).update();
        metrics.countAfterCommit("redeemed".equals(held.get().state()) ? CouponMetrics.Outcome.RETURNED : CouponMetrics.Outcome.RELEASED);
    }

    /** The order was paid: its held redemption now counts. Idempotent; does nothing once it was returned. */
    void markRedeemed(OrderId order) {
        int counted = jdbc.sql("""
                UPDATE coupon_redemptions SET state = 'redeemed', redeemed_at = :now WHERE order_id = :order AND state = 'held'""")
                .param("now", Timestamp.from(clock.instant())).param("order", order.value()).update();
        if (counted == 1) {
            metrics.countAfterCommit(CouponMetrics.Outcome.REDEEMED);
        }
    }

    @Override
    public void refused(String code) {
        metrics.count(CouponMetrics.Outcome.INVALID);
    }

    private Limits limits(UUID couponId) {
        return jdbc.sql("SELECT max_redemptions, per_customer_limit, taken FROM coupons WHERE id = :id").param("id", couponId)
                .query(Limits.class).single();
    }

    private static ProblemException exhausted(Coupon coupon, Limits limits) {
        return ProblemException.conflict("coupon-exhausted", "Coupon '" + coupon.code() + "' has been redeemed "
                + limits.maxRedemptions() + " times, its maximum").with("couponCode", coupon.code())
                .with("maxRedemptions", limits.maxRedemptions());
    }

    private static ProblemException customerLimit(Coupon coupon, Limits limits) {
        return ProblemException.conflict("coupon-limit", "Coupon '" + coupon.code() + "' can be used "
                + limits.perCustomerLimit() + " time(s) per customer").with("couponCode", coupon.code())
                .with("perCustomerLimit", limits.perCustomerLimit());
    }

    private static ProblemException loginRequired(Coupon coupon, Limits limits) {
        return new ProblemException(HttpStatus.FORBIDDEN, "login-required", "Login required", "Coupon '" + coupon.code()
                + "' is limited per customer: log in or register to use it").with("couponCode", coupon.code())
                .with("perCustomerLimit", limits.perCustomerLimit());
    }

    static Coupon coupon(ResultSet rs) throws SQLException {
        return new Coupon(rs.getObject("id", UUID.class), rs.getString("code"),
                Coupon.Kind.valueOf(rs.getString("kind").toUpperCase(java.util.Locale.ROOT)), rs.getBigDecimal("value"),
                rs.getString("currency"), rs.getBigDecimal("min_subtotal"), rs.getTimestamp("starts_at").toInstant(),
                rs.getTimestamp("ends_at").toInstant(), strings(rs.getArray("skus")), strings(rs.getArray("categories")));
    }

    static Set<String> strings(Array array) throws SQLException {
        return array == null ? Set.of() : Set.copyOf(Arrays.asList((String[]) array.getArray()));
    }
}
