package dev.mercato.pricing;

import java.util.List;
import java.util.Objects;

import dev.mercato.platform.commerce.Money;

/**
 * What a cart costs: one line per SKU, in the cart's order, and the totals. Flash-sale savings are
 * shown per line, a coupon's at the foot; {@code discount} is the sum of both (the lines' discounts
 * plus the coupon's), {@code subtotal - discount = total}, and the subtotal is the sum of the line
 * totals. Built only by {@link Pricing}.
 *
 * @param currency null only for an empty quote (an empty cart has no currency)
 * @param coupon   the coupon applied, null when none
 */
public record PriceQuote(List<Line> lines, Money subtotal, Money discount, Money total, String currency, AppliedCoupon coupon) {

    public PriceQuote {
        lines = List.copyOf(lines);
    }

    public static PriceQuote empty() {
        return new PriceQuote(List.of(), null, null, null, null, null);
    }

    /** A coupon on the quote: its code as the shopper typed it and what it takes off the total. */
    public record AppliedCoupon(String code, Money discount) {
    }

    public boolean isEmpty() {
        return lines.isEmpty();
    }

    /**
     * @param unitPrice   the catalog price of one unit
     * @param flashUnits  how many of the units are sold at {@code flashPrice} (0 when none)
     * @param flashPrice  the flash-sale price of those units, null when none applies
     * @param discount    what the line saves: {@code (unitPrice - flashPrice) x flashUnits}, else zero
     * @param lineTotal   {@code unitPrice x quantity}, before the discount (as carts and orders show it)
     */
    public record Line(String sku, String title, int quantity, Money unitPrice, int flashUnits, Money flashPrice,
            Money discount, Money lineTotal) {

        public Line {
            Objects.requireNonNull(sku, "sku");
            Objects.requireNonNull(unitPrice, "unitPrice");
        }
    }
}
