/**
 * Money movement for orders: the {@link dev.mercato.payments.Payments} facade that checkout calls,
 * routed over the processors of {@code mercato.payments.routing} (failover when one is down, a
 * circuit breaker each), the {@link dev.mercato.payments.PaymentProvider} SPI that processors
 * implement, built-in sandbox processors with their own ledgers, and a Stripe adapter. Every call
 * carries an idempotency key derived from the order, so a retried checkout never charges twice.
 * Receives processors' signed webhooks, stores them by event id and publishes
 * {@link dev.mercato.payments.PaymentReported} through the outbox.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Payments", allowedDependencies = {"platform"})
package dev.mercato.payments;
