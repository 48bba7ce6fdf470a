package dev.mercato.orders;

import java.time.Instant;
import java.util.UUID;

/** An order moved from one status to another; {@code from} is null for a new order. */
public record OrderStatusChanged(UUID orderId, String from, String to, Instant at) {
}
