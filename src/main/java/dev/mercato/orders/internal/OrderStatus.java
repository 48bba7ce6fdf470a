package dev.mercato.orders.internal;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import org.springframework.http.HttpStatus;

import dev.mercato.platform.web.ProblemException;

/** The order state machine: every status lists where it may go next. */
enum OrderStatus {
    PENDING_PAYMENT, PAID, FULFILLING, SHIPPED, DELIVERED, CANCELLED, REFUNDED;

    Set<OrderStatus> next() {
        return switch (this) {
            case PENDING_PAYMENT -> EnumSet.of(PAID, CANCELLED);
            case PAID -> EnumSet.of(FULFILLING, CANCELLED, REFUNDED);
            case FULFILLING -> EnumSet.of(SHIPPED, CANCELLED, REFUNDED);
            case SHIPPED -> EnumSet.of(DELIVERED, REFUNDED);
            case DELIVERED -> EnumSet.of(REFUNDED);
            case CANCELLED, REFUNDED -> EnumSet.noneOf(OrderStatus.class);
        };
    }

    /** Refuses an illegal transition with 409, naming the current status. */
    void requireCanMoveTo(OrderStatus target) {
        if (!next().contains(target)) {
            throw new ProblemException(HttpStatus.CONFLICT, "illegal-transition", "Illegal transition",
                    "An order that is " + wire() + " cannot become " + target.wire())
                    .with("currentStatus", wire());
        }
    }

    boolean shipped() {
        return this == SHIPPED || this == DELIVERED;
    }

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static OrderStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
