package dev.mercato.cart.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonFormat;

/**
 * A cart as the shopper sees it. {@code heldQuantity} below {@code quantity} means part of a hold
 * expired; checkout will try to hold the missing units again.
 */
public record CartView(String id, List<Line> items, @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal subtotal, String currency) {

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
