package dev.mercato.platform.commerce;

import java.util.Objects;
import java.util.UUID;

/** An order's id; modules below orders (pricing, promotions) use it to tie what they did to an order. */
public record OrderId(UUID value) {

    public OrderId {
        Objects.requireNonNull(value, "value");
    }

    public static OrderId random() {
        return new OrderId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
