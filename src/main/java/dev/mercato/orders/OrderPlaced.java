package dev.mercato.orders;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.mercato.platform.commerce.Money;
import dev.mercato.platform.commerce.OrderId;

/**
 * An order was created (pending payment), with what it contains and what it costs.
 *
 * @param customerId null for a guest's order
 * @param total      what the order charges, after discounts
 * @param placedAt   when the order was created, as its first {@link OrderStatusChanged} says too; null in
 *                   events stored by a release before it was added (their listeners take it from that status event)
 */
public record OrderPlaced(OrderId orderId, UUID customerId, Money total, List<Line> lines, Instant placedAt) {

    /** @param unitPrice the catalog price of one unit, before discounts */
    public record Line(String sku, int quantity, Money unitPrice) {
    }
}
