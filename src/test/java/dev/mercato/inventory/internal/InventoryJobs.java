package dev.mercato.inventory.internal;

import org.springframework.context.ApplicationContext;

/** Lets tests run the inventory's scheduled jobs on demand instead of waiting for their schedule. */
public final class InventoryJobs {

    private final ApplicationContext context;

    public InventoryJobs(ApplicationContext context) {
        this.context = context;
    }

    public int sweepExpiredHolds() {
        return context.getBean(HoldSweeper.class).sweep();
    }

    public int settleSoldHolds() {
        return context.getBean(HoldSettler.class).settle();
    }

    public int pruneFinishedHolds() {
        return context.getBean(HoldPruner.class).prune();
    }

    public int reconcile() {
        return context.getBean(StockReconciler.class).reconcile().size();
    }
}
