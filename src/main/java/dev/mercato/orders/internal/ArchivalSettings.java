package dev.mercato.orders.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param retention how long an order in a final state stays among live orders (default 2 years, 730 days)
 * @param batchSize orders moved per transaction
 * @param cron      when the archival job runs by itself (Spring cron, seconds first; default 03:00 on the 1st of
 *                  each month); {@code -} turns the schedule off, the admin route still works
 */
@ConfigurationProperties("mercato.orders.archival")
record ArchivalSettings(
        @DefaultValue("730d") Duration retention,
        @DefaultValue("1000") int batchSize,
        @DefaultValue("0 0 3 1 * *") String cron) {

    /** {@link #cron()} for a {@code @Scheduled} annotation, read from this bean. */
    static final String CRON = "#{beanFactory.getBean(T(dev.mercato.orders.internal.ArchivalSettings)).cron()}";
}
