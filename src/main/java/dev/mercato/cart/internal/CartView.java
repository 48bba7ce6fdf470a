package dev.mercato.cart.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonFormat;

import dev.mercato.inventory.Inventory;
import dev.mercato.platform.commerce.Money;
import dev.mercato.pricing.PriceQuote;

/**
 * A cart as the shopper sees it: the lines and totals of its {@link PriceQuote}, with each line's
 * hold. {@code heldQuantity} below {@code quantity} means part of a hold expired; checkout will try
 * to hold the missing units again. {@code total} is what checkout will charge for the cart as it is
 * (with the previewed coupon, when one was asked for).
 *
 * @param discount flash-sale savings plus the coupon's
 * @param coupon   the previewed coupon and what it takes off; null without one
 */
public record CartView(String id, List<Line> items,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal subtotal,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal discount,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal total,
        String currency, Coupon coupon) {

    private static final BigDecimal ZERO = BigDecimal.ZERO.setScale(2);

    static CartView empty() {
        return new CartView(null, List.of(), ZERO, ZERO, ZERO, null, null);
    }

    static CartView of(UUID cartId, PriceQuote quote, Map<String, Inventory.Held> held) {
        if (quote.isEmpty()) {
            return new CartView(cartId.toString(), List.of(), ZERO, ZERO, ZERO, null, null);
        }
        List<Line> lines = quote.lines().stream().map(line -> {
            Inventory.Held hold = held.get(line.sku());
            return new Line(line.sku(), line.title(), line.quantity(), hold == null ? 0 : hold.quantity(),
                    line.unitPrice().amount(), line.lineTotal().amount(), hold == null ? null : hold.expiresAt());
        }).toList();
        return new CartView(cartId.toString(), lines, amount(quote.subtotal()), amount(quote.discount()), amount(quote.total()),
                quote.currency(), quote.coupon() == null ? null : new Coupon(quote.coupon().code(), amount(quote.coupon().discount())));
    }

    public record Coupon(String code, @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal discount) {
    }

    private static BigDecimal amount(Money money) {
        return money.amount();
    }

    public record Line(
            String sku,
            String title,
            int quantity,
            int heldQuantity,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal unitPrice,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal lineTotal,
            Instant holdExpiresAt) {
    }
}
