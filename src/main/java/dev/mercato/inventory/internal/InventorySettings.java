package dev.mercato.inventory.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param holdTtl        how long a cart hold lasts without a change to the cart
 * @param sweepBatchSize expired holds released per transaction
 * @param settleBatchSize sold holds folded into stock per transaction
 * @param holdRetention  how long finished holds are kept before they are deleted
 * @param maxBatch       most hold requests of one SKU granted in one transaction by the coalescing engine
 * @param sweepInterval  pause between two runs of the expired-hold sweeper
 * @param settleInterval pause between two runs of the settler that folds sold holds into stock
 * @param reconcileInterval pause between two comparisons of stock with its ledger
 */
@ConfigurationProperties("mercato.inventory")
record InventorySettings(
        @DefaultValue("30m") Duration holdTtl,
        @DefaultValue("500") int sweepBatchSize,
        @DefaultValue("1000") int settleBatchSize,
        @DefaultValue("1000") int maxBatch,
        @DefaultValue("7d") Duration holdRetention,
        @DefaultValue("5s") Duration sweepInterval,
        @DefaultValue("1s") Duration settleInterval,
        @DefaultValue("5m") Duration reconcileInterval) {

    // the intervals for @Scheduled annotations, read from this bean
    private static final String BEAN = "beanFactory.getBean(T(dev.mercato.inventory.internal.InventorySettings))";
    static final String SWEEP_INTERVAL = "#{" + BEAN + ".sweepInterval()}";
    static final String SETTLE_INTERVAL = "#{" + BEAN + ".settleInterval()}";
    static final String RECONCILE_INTERVAL = "#{" + BEAN + ".reconcileInterval()}";
}
