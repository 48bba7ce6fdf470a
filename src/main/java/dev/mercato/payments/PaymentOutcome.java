package dev.mercato.payments;

/**
 * Where an order's money stands after a call.
 *
 * @param authorizationId provider id of the authorisation, when there is one
 * @param captureId       provider id of the capture, when there is one
 * @param reason          why a payment was declined or is unknown; null otherwise
 */
public record PaymentOutcome(Status status, String provider, String authorizationId, String captureId, String reason) {

    public enum Status {
        /** money taken */
        CAPTURED,
        /** reserved on the card, not taken */
        AUTHORIZED,
        /** the provider refused the card */
        DECLINED,
        /** the provider has nothing for this order */
        NONE,
        VOIDED,
        REFUNDED,
        /** the provider did not answer; ask again later */
        UNKNOWN
    }

    public boolean is(Status expected) {
        return status == expected;
    }
}
