/**
 * Money movement for orders: the {@link dev.mercato.payments.Payments} facade that checkout calls,
 * the {@link dev.mercato.payments.PaymentProvider} SPI that processors implement, and a built-in
 * sandbox provider with test cards and its own ledger. Every call carries an idempotency key derived
 * from the order, so a retried checkout never charges twice. Publishes no events.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Payments", allowedDependencies = {"platform"})
package dev.mercato.payments;
