package dev.mercato.orders.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param recoverAfter how long an order may wait for its payment result before the recovery job asks the provider
 * @param abandonedKeyAfter how long an idempotency key may stay in flight without an order before it is freed
 * @param recoveryInterval pause between two runs of the recovery job
 * @param checkoutLease how long a checkout step (a request, a retry resuming it, the recovery job) holds its
 *                      idempotency key before a retry with the key or the recovery job may take over: well above
 *                      the time a phase takes (the provider answers within seconds), so it runs out only when
 *                      the holder died
 */
@ConfigurationProperties("mercato.orders")
record OrdersSettings(
        @DefaultValue("60s") Duration recoverAfter,
        @DefaultValue("5m") Duration abandonedKeyAfter,
        @DefaultValue("30s") Duration recoveryInterval,
        @DefaultValue("30s") Duration checkoutLease) {

    /** {@link #recoveryInterval()} for a {@code @Scheduled} annotation, read from this bean. */
    static final String RECOVERY_INTERVAL = "#{beanFactory.getBean(T(dev.mercato.orders.internal.OrdersSettings)).recoveryInterval()}";
}
