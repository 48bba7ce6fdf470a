package dev.mercato.payments.internal;

import dev.mercato.payments.PaymentTimeoutException;

/**
 * The sandbox card {@code tok_timeout} playing one payment that gets no answer in time. It says
 * nothing about the processor's health, so it does not count toward the processor's circuit breaker
 * (as {@code tok_processor_down} does not): otherwise a few test payments would take the sandbox
 * out of the path for every other shopper.
 */
final class SandboxCardTimeout extends PaymentTimeoutException {

    SandboxCardTimeout(String message) {
        super(message);
    }
}
