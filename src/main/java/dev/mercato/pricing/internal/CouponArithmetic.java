package dev.mercato.pricing.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Map;

import dev.mercato.platform.commerce.Money;
import dev.mercato.platform.web.ProblemException;
import dev.mercato.pricing.Coupons.Coupon;
import dev.mercato.pricing.PriceQuote;

/**
 * Whether a coupon applies to a quote, and what it takes off: the only place that is decided.
 * <p>
 * With flash prices the rule is: <b>a flash-priced unit gets no coupon</b>. A unit carries one offer,
 * never two stacked; the coupon applies to the eligible lines' other units, at their catalog price.
 * (A line's units beyond what the shopper claimed, and claims priced above the catalog price, which
 * pricing ignores, are regular units and do get it.) A cart whose eligible units are all flash-priced
 * has no eligible line.
 * <p>
 * A percentage is taken of the eligible amount as a whole and rounded to the cent, half up; a fixed
 * amount is taken off the eligible amount, never more than it. {@code minSubtotal} compares with the
 * quote's {@code subtotal} (catalog prices, before any discount), the figure the cart shows under
 * that name.
 */
final class CouponArithmetic {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private CouponArithmetic() {
    }

    /**
     * The quote with the coupon applied.
     *
     * @param typedCode     the code as the shopper typed it (shown back)
     * @param categoryPaths category path per SKU of the quote (SKUs without one are covered by SKU only)
     * @throws ProblemException 409 {@code invalid-coupon}, with {@code reason}: {@code not-started},
     *         {@code expired}, {@code currency}, {@code below-min-subtotal} or {@code no-eligible-line}
     */
    static PriceQuote apply(PriceQuote quote, Coupon coupon, String typedCode, Map<String, String> categoryPaths, Instant now) {
        if (now.isBefore(coupon.startsAt())) {
            throw invalid(typedCode, "not-started", "Coupon '" + typedCode + "' is valid from " + coupon.startsAt())
                    .with("startsAt", coupon.startsAt().toString());
        }
        if (!now.isBefore(coupon.endsAt())) {
            throw invalid(typedCode, "expired", "Coupon '" + typedCode + "' ended at " + coupon.endsAt())
                    .with("endsAt", coupon.endsAt().toString());
        }
        if (coupon.currency() != null && !coupon.currency().equals(quote.currency())) {
            throw invalid(typedCode, "currency", "Coupon '" + typedCode + "' is for carts in " + coupon.currency());
        }
        if (coupon.minSubtotal() != null && quote.subtotal().amount().compareTo(coupon.minSubtotal()) < 0) {
            throw invalid(typedCode, "below-min-subtotal", "Coupon '" + typedCode + "' needs a subtotal of at least "
                    + coupon.minSubtotal().toPlainString() + " " + coupon.currency())
                    .with("minSubtotal", coupon.minSubtotal().setScale(2).toPlainString());
        }
        Money eligible = Money.zero(quote.currency());
        for (PriceQuote.Line line : quote.lines()) {
            if (coupon.covers(line.sku(), categoryPaths.get(line.sku()))) {
                eligible = eligible.plus(line.unitPrice().times(line.quantity() - line.flashUnits()));
            }
        }
        if (eligible.amount().signum() == 0) {
            throw invalid(typedCode, "no-eligible-line", "Coupon '" + typedCode
                    + "' applies to none of the cart's items (units at a flash-sale price get no coupon)");
        }
        Money off = switch (coupon.kind()) {
            case PERCENTAGE -> new Money(eligible.amount().multiply(coupon.value()).divide(HUNDRED, 2, RoundingMode.HALF_UP),
                    quote.currency());
            case FIXED -> new Money(eligible.amount().min(coupon.value()), quote.currency());
        };
        Money discount = quote.discount().plus(off);
        return new PriceQuote(quote.lines(), quote.subtotal(), discount, quote.subtotal().minus(discount), quote.currency(),
                new PriceQuote.AppliedCoupon(typedCode, off));
    }

    static ProblemException unknown(String typedCode) {
        return invalid(typedCode, "unknown", "Coupon '" + typedCode + "' does not exist");
    }

    private static ProblemException invalid(String typedCode, String reason, String detail) {
        return new ProblemException(org.springframework.http.HttpStatus.CONFLICT, "invalid-coupon", "Invalid coupon", detail)
                .with("couponCode", typedCode).with("reason", reason);
    }
}
