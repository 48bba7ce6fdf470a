package dev.mercato.orders.internal;

import org.springframework.context.ApplicationContext;

/** Lets tests run the order recovery job on demand. */
public final class OrderJobs {

    private final ApplicationContext context;

    public OrderJobs(ApplicationContext context) {
        this.context = context;
    }

    public int recoverPendingOrders() {
        return context.getBean(OrderRecovery.class).recover();
    }
}
