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
 */
@ConfigurationProperties("mercato.inventory")
record InventorySettings(
        @DefaultValue("30m") Duration holdTtl,
        @DefaultValue("500") int sweepBatchSize,
        @DefaultValue("1000") int settleBatchSize,
        @DefaultValue("1000") int maxBatch,
        @DefaultValue("7d") Duration holdRetention) {
}
