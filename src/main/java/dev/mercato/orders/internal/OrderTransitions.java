package dev.mercato.orders.internal;

import java.time.Clock;
import java.time.Instant;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import dev.mercato.orders.OrderStatusChanged;
import dev.mercato.platform.commerce.OrderId;

/** The one place an order changes status: checks the state machine, records history, publishes the change. */
@Component
class OrderTransitions {

    private final OrderRows orders;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    OrderTransitions(OrderRows orders, ApplicationEventPublisher events, Clock clock) {
        this.orders = orders;
        this.events = events;
        this.clock = clock;
    }

    /** Must run in the transaction that locked the order. */
    void move(OrderRows.Header order, OrderStatus target, String note) {
        move(order, target, note, null);
    }

    /** As {@link #move(OrderRows.Header, OrderStatus, String)}, recording the processor that took or refused the money. */
    void move(OrderRows.Header order, OrderStatus target, String note, String paymentProvider) {
        order.status().requireCanMoveTo(target);
        Instant now = clock.instant();
        orders.changeStatus(order.id(), target, now, note, paymentProvider);
        events.publishEvent(new OrderStatusChanged(new OrderId(order.id()), order.status().wire(), target.wire(), now, order.withCoupon()));
    }
}
