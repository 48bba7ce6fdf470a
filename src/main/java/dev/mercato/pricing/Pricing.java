package dev.mercato.pricing;

import java.util.Map;

import dev.mercato.platform.commerce.OrderId;
import dev.mercato.platform.commerce.Owner;

/**
 * Prices carts. Every method joins the caller's transaction. {@link #quote} and {@link #priceOrder}
 * build the quote the same way from the same data, so for an unchanged cart the order costs
 * exactly what the cart showed.
 */
public interface Pricing {

    /**
     * The quote for {@code quantities} (SKU -> units, in display order) as the owner would pay now.
     * Reads only: claimed special prices are shown, not used.
     *
     * @throws dev.mercato.platform.web.ProblemException 409 {@code currency-mismatch} when the SKUs
     *         are sold in different currencies
     */
    PriceQuote quote(Owner owner, Map<String, Integer> quantities);

    /**
     * The quote an order is created with: like {@link #quote}, but every SKU must be sellable and
     * the claimed special prices used are redeemed for {@code order} (given back by {@link #release}).
     *
     * @throws dev.mercato.platform.web.ProblemException 409 {@code not-sellable} (with {@code sku}) or
     *         {@code currency-mismatch}
     */
    PriceQuote priceOrder(Owner owner, Map<String, Integer> quantities, OrderId order);

    /** The order will not be paid: whatever its quote redeemed is available again. Idempotent. */
    void release(OrderId order);
}
