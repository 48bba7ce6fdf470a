package dev.mercato.orders.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonFormat;

/**
 * An order as its owner and admins see it; {@code paymentProvider}: the processor that handled its payment, once
 * one answered; {@code archived}: read from the archive, personal data removed.
 */
public record OrderView(
        String id,
        String status,
        List<Line> items,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal subtotal,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal discount,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal total,
        String currency,
        Instant createdAt,
        Map<String, Object> shippingAddress,
        List<Change> history,
        Tracking tracking,
        String paymentProvider,
        boolean archived) {

    /** A live order (not archived). */
    OrderView(String id, String status, List<Line> items, BigDecimal subtotal, BigDecimal discount, BigDecimal total,
            String currency, Instant createdAt, Map<String, Object> shippingAddress, List<Change> history, Tracking tracking,
            String paymentProvider) {
        this(id, status, items, subtotal, discount, total, currency, createdAt, shippingAddress, history, tracking, paymentProvider, false);
    }

    /** The same order as read from the archive. */
    OrderView asArchived() {
        return new OrderView(id, status, items, subtotal, discount, total, currency, createdAt, shippingAddress, history, tracking,
                paymentProvider, true);
    }

    public record Line(String sku, String title, int quantity,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal unitPrice,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal lineTotal) {
    }

    public record Change(String status, Instant at, String note) {
    }

    public record Tracking(String carrier, String trackingNumber) {
    }
}
