package dev.mercato.orders.internal;

/**
 * The HTTP answer to a checkout, exactly as it is stored for replays.
 *
 * @param replayed true when this is the stored answer to an earlier request with the same key
 */
public record CheckoutResult(int status, String body, String orderId, boolean replayed) {

    public boolean isProblem() {
        return status >= 400;
    }
}
