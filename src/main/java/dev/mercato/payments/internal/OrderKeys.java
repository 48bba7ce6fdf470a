package dev.mercato.payments.internal;

import java.util.UUID;

/**
 * The idempotency keys of an order's payment calls. They depend on the order alone, so any retry, from
 * any node or after a crash, reaches the provider with the key of the first attempt.
 */
record OrderKeys(UUID orderId) {

    String authorize() {
        return key("authorize");
    }

    String capture() {
        return key("capture");
    }

    String voidAuthorization() {
        return key("void");
    }

    String refund() {
        return key("refund");
    }

    private String key(String operation) {
        return "order-" + orderId + "-" + operation;
    }
}
