package dev.mercato.payments;

import java.util.UUID;

/**
 * A processor's signed notification was received and stored (published in the same transaction, so
 * it is delivered at least once through the outbox; each event id is published once).
 * It is a hint, not the truth: listeners ask {@link Payments#status} what the processor recorded
 * before acting, and act idempotently.
 *
 * @param type    {@code payment.succeeded}, {@code payment.failed} or {@code charge.refunded}
 * @param orderId the order the notification is about, or null when it names no payment known here
 */
public record PaymentReported(String provider, String eventId, String type, UUID orderId) {

    public static final String SUCCEEDED = "payment.succeeded";
    public static final String FAILED = "payment.failed";
    public static final String REFUNDED = "charge.refunded";
}
