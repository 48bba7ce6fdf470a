package dev.mercato.orders;

import java.util.List;
import java.util.UUID;

import dev.mercato.platform.commerce.Money;
import dev.mercato.platform.commerce.OrderId;

/**
 * An order was created (pending payment), with what it contains and what it costs.
 *
 * @param customerId null for a guest's order
 * @param total      what the order charges, after discounts
 */
public record OrderPlaced(OrderId orderId, UUID customerId, Money total, List<Line> lines) {

    /** @param unitPrice the catalog price of one unit, before discounts */
    public record Line(String sku, int quantity, Money unitPrice) {
    }
}
