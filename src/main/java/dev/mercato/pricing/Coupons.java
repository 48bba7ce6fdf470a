package dev.mercato.pricing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.mercato.platform.commerce.Money;
import dev.mercato.platform.commerce.OrderId;
import dev.mercato.platform.commerce.Owner;

/**
 * The port through which coupon codes reach the quote, implemented by promotions (as
 * {@link ClaimedPrices} is), so pricing depends on no module that sells. Pricing decides whether a
 * coupon applies to a cart and what it saves; the implementation keeps the coupons' terms and
 * decides whether one more redemption may be taken, by database constraints. Every method joins
 * the caller's transaction.
 */
public interface Coupons {

    /** The coupon with this code, compared without regard to case, whatever its state. Reads only. */
    Optional<Coupon> find(String code);

    /**
     * For a preview (reads only): the refusal {@link #redeem} would give the owner now because a
     * limit is reached, if any. Concurrent checkouts can change the answer at any time; only
     * {@link #redeem} decides.
     */
    Optional<dev.mercato.platform.web.ProblemException> limitReached(Owner owner, Coupon coupon);

    /**
     * Takes one redemption of {@code coupon} for {@code order}, held against the coupon's limits until
     * the order is paid (then counted) or not (then given back). The limits are database constraints:
     * of any number of concurrent calls, exactly as many succeed as the limits allow.
     *
     * @throws dev.mercato.platform.web.ProblemException 409 {@code coupon-exhausted} or
     *         {@code coupon-limit}, 403 {@code login-required} (a per-customer limit needs a customer);
     *         the caller's transaction must then roll back (it is aborted in the database)
     */
    void redeem(Owner owner, Coupon coupon, OrderId order, Money discount);

    /** The order will not be paid: its redemption, if any, no longer counts against the limits. Idempotent. */
    void giveBack(OrderId order);

    /** A checkout was refused the coupon by pricing's rules (unknown code, outside its window, ...): for the metrics. */
    void refused(String code);

    /**
     * A coupon's terms.
     *
     * @param value      percent off (0 < value <= 100) or the amount off, in {@code currency}
     * @param currency   required for a fixed discount or a minimum subtotal; null: carts in any currency
     * @param minSubtotal null when there is none
     * @param endsAt     exclusive; moved to the time it was ended when an admin ended it early
     * @param skus       with {@code categories}: the lines it applies to; both empty: every line
     * @param categories category paths; a path covers its whole subtree
     */
    record Coupon(UUID id, String code, Kind kind, BigDecimal value, String currency, BigDecimal minSubtotal,
            Instant startsAt, Instant endsAt, Set<String> skus, Set<String> categories) {

        public enum Kind { PERCENTAGE, FIXED }

        public Coupon {
            skus = Set.copyOf(skus);
            categories = Set.copyOf(categories);
        }

        /** Whether a line of {@code sku}, in category {@code categoryPath} (null if unknown), is eligible. */
        public boolean covers(String sku, String categoryPath) {
            if (skus.isEmpty() && categories.isEmpty()) {
                return true;
            }
            if (skus.contains(sku)) {
                return true;
            }
            return categoryPath != null
                    && categories.stream().anyMatch(path -> categoryPath.equals(path) || categoryPath.startsWith(path + "/"));
        }
    }
}
