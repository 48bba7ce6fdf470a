package dev.mercato.orders;

import java.time.Instant;

import dev.mercato.platform.commerce.OrderId;

/** An order moved from one status to another; {@code from} is null for a new order. */
public record OrderStatusChanged(OrderId orderId, String from, String to, Instant at) {
}
