package dev.mercato.orders;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/** An order was created (pending payment), with what it contains and what it costs. */
public record OrderPlaced(UUID orderId, UUID customerId, BigDecimal total, String currency, List<Line> lines) {

    public record Line(String sku, int quantity, BigDecimal unitPrice) {
    }
}
