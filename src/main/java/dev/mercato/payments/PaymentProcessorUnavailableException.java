package dev.mercato.payments;

/**
 * The processor is down: it refused the connection, timed out before the request went out, or
 * answered with a server error (5xx) or a rate-limit refusal. Unlike {@link PaymentTimeoutException},
 * the processor gave a definite answer or never received the request, so routing may try the next
 * processor — after asking this one by idempotency key when the request did reach it
 * ({@link #requestSent()}), because a server error does not always mean nothing happened.
 */
public class PaymentProcessorUnavailableException extends RuntimeException {

    private final boolean requestSent;

    public PaymentProcessorUnavailableException(String message, boolean requestSent) {
        super(message);
        this.requestSent = requestSent;
    }

    /** Whether the request reached the processor (a 5xx or 429 answer) rather than never leaving (refused, connect timeout). */
    public boolean requestSent() {
        return requestSent;
    }
}
