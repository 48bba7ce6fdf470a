package dev.mercato.payments;

import java.util.List;
import java.util.UUID;

/**
 * What checkout and order management ask of payments. Every operation is idempotent per order: the
 * provider sees keys derived from the order id ({@code order-<id>-authorize}, {@code -capture},
 * {@code -void}, {@code -refund}), so calling again after a crash or a retry returns the first
 * outcome and moves no money twice. Calls block on the provider (seconds at most); callers must not
 * hold database transactions open across them.
 */
public interface Payments {

    /**
     * Authorises and captures the amount. Declines are an outcome, not an exception. When the
     * provider does not answer in time, asks it once (look-up by idempotency key) what happened:
     * {@code CAPTURED} if the charge went through (capturing an orphaned authorisation),
     * {@code NONE} if nothing was charged, {@code UNKNOWN} if even that cannot be told yet.
     */
    PaymentOutcome charge(ChargeRequest request);

    /** Asks the provider what happened to the order's money: CAPTURED, AUTHORIZED, VOIDED, REFUNDED or NONE (or UNKNOWN). */
    PaymentOutcome status(UUID orderId);

    /**
     * Undoes the order's money movement: voids an authorisation that was not captured, refunds a
     * capture. Returns VOIDED, REFUNDED or NONE (nothing to undo); UNKNOWN when the provider did not answer.
     */
    PaymentOutcome reverse(UUID orderId);

    /** The provider's ledger entries for the order, oldest first: lets an operator audit double charges. */
    List<PaymentRecord> records(UUID orderId);
}
