package dev.mercato.promotions.internal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.mercato.catalog.Catalog;
import dev.mercato.platform.web.Cursors;
import dev.mercato.platform.web.FieldError;
import dev.mercato.platform.web.Page;
import dev.mercato.platform.web.ProblemException;

/**
 * Coupons as admins manage them: created, listed with their redemption counts, and ended early.
 * Terms never change after creation (a redemption was priced with them); ending one moves its end to
 * now, so every later checkout is refused it while redemptions already held or counted stay as they are.
 */
@Service
public class CouponCodes {

    private static final String VIEWS = """
            SELECT c.*, (SELECT count(*) FROM coupon_redemptions r WHERE r.coupon_id = c.id AND r.state = 'redeemed') AS redemptions,
                   (SELECT count(*) FROM coupon_redemptions r WHERE r.coupon_id = c.id AND r.state = 'held') AS pending
            FROM coupons c
            """;

    private final JdbcClient jdbc;
    private final Catalog catalog;
    private final Clock clock;

    CouponCodes(JdbcClient jdbc, Catalog catalog, Clock clock) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.clock = clock;
    }

    /**
     * What an admin asks for, checked by the web layer field by field; {@link #create} checks what
     * spans fields.
     */
    public record NewCoupon(String code, String kind, BigDecimal value, String currency, BigDecimal minSubtotal,
            Instant startsAt, Instant endsAt, Integer maxRedemptions, Integer perCustomerLimit, List<String> skus,
            List<String> categories) {
    }

    /** @throws ProblemException 400 {@code validation} with {@code errors}, 409 {@code coupon-code-taken} */
    @Transactional
    public CouponView create(NewCoupon coupon) {
        List<String> skus = coupon.skus() == null ? List.of() : coupon.skus().stream().distinct().toList();
        List<String> categories = coupon.categories() == null ? List.of()
                : coupon.categories().stream().map(CouponCodes::normalisedPath).distinct().toList();
        refuseInvalid(coupon, skus);
        UUID id = UUID.randomUUID();
        try {
            jdbc.sql("""
                    INSERT INTO coupons (id, code, kind, value, currency, min_subtotal, starts_at, ends_at, max_redemptions,
                                         per_customer_limit, skus, categories, created_at)
                    VALUES (:id, :code, :kind, :value, :currency, :minSubtotal, :startsAt, :endsAt, :max, :perCustomer,
                            :skus, :categories, :now)""")
                    .param("id", id).param("code", coupon.code()).param("kind", coupon.kind()).param("value", coupon.value())
                    .param("currency", coupon.currency()).param("minSubtotal", coupon.minSubtotal())
                    .param("startsAt", Timestamp.from(coupon.startsAt())).param("endsAt", Timestamp.from(coupon.endsAt()))
                    .param("max", coupon.maxRedemptions()).param("perCustomer", coupon.perCustomerLimit())
                    .param("skus", skus.toArray(String[]::new)).param("categories", categories.toArray(String[]::new))
                    .param("now", Timestamp.from(clock.instant())).update();
        } catch (DuplicateKeyException taken) {
            throw ProblemException.conflict("coupon-code-taken", "Coupon code '" + coupon.code() + "' is taken (codes ignore case)")
                    .with("code", coupon.code());
        }
        return find(id).orElseThrow();
    }

    public Optional<CouponView> find(UUID id) {
        return jdbc.sql(VIEWS + "WHERE c.id = :id").param("id", id).query((rs, n) -> view(rs)).optional();
    }

    /** Newest first, keyset-paginated on (created_at, id). */
    public Page<CouponView> page(String cursor, int limit) {
        Instant beforeTime = null;
        UUID beforeId = null;
        if (cursor != null) {
            String[] position = Cursors.decode(cursor).split("\\|");
            try {
                beforeTime = Instant.parse(position[0]);
                beforeId = UUID.fromString(position[1]);
            } catch (RuntimeException e) {
                throw ProblemException.badRequest("invalid-cursor", "cursor is not one this API returned")
                        .with("errors", List.of(new FieldError("cursor", "is not a valid cursor")));
            }
        }
        List<CouponView> found = jdbc.sql(VIEWS + """
                WHERE (:beforeTime::timestamptz IS NULL OR (c.created_at, c.id) < (:beforeTime::timestamptz, :beforeId::uuid))
                ORDER BY c.created_at DESC, c.id DESC LIMIT :limit""")
                .param("beforeTime", beforeTime == null ? null : Timestamp.from(beforeTime)).param("beforeId", beforeId)
                .param("limit", limit + 1).query((rs, n) -> view(rs)).list();
        List<CouponView> page = found.subList(0, Math.min(limit, found.size()));
        String next = found.size() > limit ? Cursors.encode(page.getLast().createdAt() + "|" + page.getLast().id()) : null;
        return new Page<>(List.copyOf(page), next);
    }

    /** Ends the coupon now (idempotent: an ended coupon stays as it was ended). */
    @Transactional
    public CouponView end(UUID id) {
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.sql("""
                UPDATE coupons SET ends_at = LEAST(ends_at, :now), starts_at = LEAST(starts_at, :now), deactivated_at = :now
                WHERE id = :id AND deactivated_at IS NULL""").param("now", now).param("id", id).update();
        return find(id).orElseThrow(() -> ProblemException.notFound("promotion", id));
    }

    private void refuseInvalid(NewCoupon coupon, List<String> skus) {
        List<FieldError> errors = new ArrayList<>();
        if (!coupon.endsAt().isAfter(coupon.startsAt())) {
            errors.add(new FieldError("endsAt", "must be after startsAt"));
        }
        if ("percentage".equals(coupon.kind()) && coupon.value().compareTo(BigDecimal.valueOf(100)) > 0) {
            errors.add(new FieldError("value", "a percentage is at most 100"));
        }
        if ("fixed".equals(coupon.kind()) && coupon.currency() == null) {
            errors.add(new FieldError("currency", "is required for a fixed discount"));
        }
        if (coupon.minSubtotal() != null && coupon.currency() == null) {
            errors.add(new FieldError("currency", "is required with minSubtotal"));
        }
        if (!skus.isEmpty()) {
            Map<String, ?> known = catalog.skus(skus);
            for (int i = 0; i < skus.size(); i++) {
                if (!known.containsKey(skus.get(i))) {
                    errors.add(new FieldError("skus[" + i + "]", "unknown SKU " + skus.get(i)));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("validation", errors.getFirst().field() + " " + errors.getFirst().message())
                    .with("errors", errors);
        }
    }

    private static String normalisedPath(String path) {
        String stripped = path.strip();
        while (stripped.startsWith("/")) {
            stripped = stripped.substring(1);
        }
        while (stripped.endsWith("/")) {
            stripped = stripped.substring(0, stripped.length() - 1);
        }
        return stripped;
    }

    private CouponView view(ResultSet rs) throws SQLException {
        Instant now = clock.instant();
        Instant startsAt = rs.getTimestamp("starts_at").toInstant();
        Instant endsAt = rs.getTimestamp("ends_at").toInstant();
        Integer max = rs.getObject("max_redemptions", Integer.class);
        Timestamp deactivated = rs.getTimestamp("deactivated_at");
        return new CouponView(rs.getString("id"), rs.getString("code"), rs.getString("kind"), rs.getBigDecimal("value"),
                rs.getString("currency"), rs.getBigDecimal("min_subtotal"), startsAt, endsAt, max,
                rs.getObject("per_customer_limit", Integer.class),
                CouponRedemptions.strings(rs.getArray("skus")).stream().sorted().toList(),
                CouponRedemptions.strings(rs.getArray("categories")).stream().sorted().toList(),
                !now.isBefore(startsAt) && now.isBefore(endsAt), rs.getLong("redemptions"), rs.getLong("pending"),
                max == null ? null : max - rs.getInt("taken"), rs.getTimestamp("created_at").toInstant(),
                deactivated == null ? null : deactivated.toInstant());
    }
}
