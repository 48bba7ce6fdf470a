package dev.mercato.payments;

/** The processor did not answer in time: the operation may or may not have happened. */
public class PaymentTimeoutException extends RuntimeException {

    public PaymentTimeoutException(String message) {
        super(message);
    }
}
