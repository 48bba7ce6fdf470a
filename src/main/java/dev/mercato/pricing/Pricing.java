package dev.mercato.pricing;

import java.util.Map;

import dev.mercato.platform.commerce.OrderId;
import dev.mercato.platform.commerce.Owner;

/**
 * Prices carts. Every method joins the caller's transaction. {@link #quote} and {@link #priceOrder}
 * build the quote the same way from the same data, so for an unchanged cart (and coupon) the order
 * costs exactly what the cart showed.
 */
public interface Pricing {

    /**
     * The quote for {@code quantities} (SKU -> units, in display order) as the owner would pay now.
     * Reads only: claimed special prices are shown, not used.
     *
     * @throws dev.mercato.platform.web.ProblemException 409 {@code currency-mismatch} when the SKUs
     *         are sold in different currencies
     */
    default PriceQuote quote(Owner owner, Map<String, Integer> quantities) {
        return quote(owner, quantities, null);
    }

    /**
     * Like {@link #quote(Owner, Map)} with a coupon applied as a preview: nothing is redeemed.
     *
     * @param couponCode null or blank: no coupon
     * @throws dev.mercato.platform.web.ProblemException 409 {@code invalid-coupon} (with {@code reason}),
     *         or the refusal a checkout would get now because a limit is reached ({@code coupon-exhausted},
     *         {@code coupon-limit}, 403 {@code login-required})
     */
    PriceQuote quote(Owner owner, Map<String, Integer> quantities, String couponCode);

    /**
     * The quote an order is created with: like {@link #quote}, but every SKU must be sellable and
     * the claimed special prices used are redeemed for {@code order} (given back by {@link #release}).
     *
     * @throws dev.mercato.platform.web.ProblemException 409 {@code not-sellable} (with {@code sku}) or
     *         {@code currency-mismatch}
     */
    default PriceQuote priceOrder(Owner owner, Map<String, Integer> quantities, OrderId order) {
        return priceOrder(owner, quantities, order, null);
    }

    /**
     * Like {@link #priceOrder(Owner, Map, OrderId)}, with the coupon applied and one redemption of it
     * taken for {@code order}, held against its limits by database constraints (given back by
     * {@link #release}, counted once the order is paid).
     *
     * @param couponCode null or blank: no coupon
     * @throws dev.mercato.platform.web.ProblemException as {@link #quote(Owner, Map, String)} (the limits
     *         decided by the redemption itself), and then the caller's transaction must roll back
     */
    PriceQuote priceOrder(Owner owner, Map<String, Integer> quantities, OrderId order, String couponCode);

    /** The order will not be paid: whatever its quote redeemed is available again. Idempotent. */
    void release(OrderId order);
}
