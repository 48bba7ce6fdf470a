package dev.mercato.payments.internal;

import java.util.Map;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Processors' signed notifications. Public (no bearer token): the signature over the raw body is the
 * authentication. The body is taken as bytes, exactly as sent, because the signature covers them.
 */
@RestController
class PaymentWebhooksController {

    private final PaymentWebhooks webhooks;

    PaymentWebhooksController(PaymentWebhooks webhooks) {
        this.webhooks = webhooks;
    }

    /** 200 {@code {id, duplicate}}; 400 bad, missing or old signature, or a malformed body; 404 unknown processor. */
    @PostMapping("/api/payments/webhooks/{provider}")
    Map<String, Object> receive(@PathVariable String provider,
            @RequestHeader(value = "Mercato-Signature", required = false) String signature,
            @RequestHeader(value = "Stripe-Signature", required = false) String stripeSignature,
            @RequestBody(required = false) byte[] body) {
        PaymentWebhooks.Receipt receipt = webhooks.receive(provider, signature != null ? signature : stripeSignature,
                body == null ? new byte[0] : body);
        return Map.of("id", receipt.id(), "duplicate", receipt.duplicate());
    }
}
