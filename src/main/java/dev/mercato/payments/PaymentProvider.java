package dev.mercato.payments;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A payment processor. Implementations must honour idempotency keys: a second call with the same
 * key returns the first call's result and moves no money. Any call may throw
 * {@link PaymentTimeoutException} when the processor does not answer in time, in which case the
 * operation may or may not have happened and {@link #lookup} tells which, or
 * {@link PaymentProcessorUnavailableException} when the processor is down (routing then tries the
 * next one). A decline is a result, never an exception.
 */
public interface PaymentProvider {

    String name();

    ProviderResult authorize(String idempotencyKey, UUID orderId, BigDecimal amount, String currency, String token);

    ProviderResult capture(String idempotencyKey, String authorizationId, BigDecimal amount);

    ProviderResult voidAuthorization(String idempotencyKey, String authorizationId);

    ProviderResult refund(String idempotencyKey, String captureId, BigDecimal amount);

    /** What the processor recorded for this idempotency key, if anything. */
    Optional<ProviderResult> lookup(String idempotencyKey);

    /** The processor's ledger for an order, oldest first. */
    List<PaymentRecord> ledger(UUID orderId);

    /**
     * The order a processor's own payment id (an authorisation, capture or refund id, as a webhook
     * names it) belongs to, if this processor knows the id.
     */
    default Optional<UUID> orderOf(String paymentId) {
        return Optional.empty();
    }

    /**
     * Whether this processor's ledger is kept in Mercato's own database (the sandboxes), so that a
     * whole charge can be one local transaction with the routing state: nothing is sent anywhere and
     * no lock is held across a network call. False for a real processor.
     */
    default boolean ledgerInApplicationDatabase() {
        return false;
    }

    /**
     * @param id     the processor's id for this operation (authorisation id, capture id, ...)
     * @param status {@code succeeded} or {@code declined}
     */
    record ProviderResult(String id, String kind, String status, BigDecimal amount, String currency, String declineReason) {

        public boolean succeeded() {
            return "succeeded".equals(status);
        }
    }
}
