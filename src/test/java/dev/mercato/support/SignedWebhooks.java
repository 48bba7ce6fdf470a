package dev.mercato.support;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Sends processor webhooks the way a processor signs them: {@code Mercato-Signature: t=<s>,v1=<hex HMAC-SHA256("<t>.<body>")>}. */
public final class SignedWebhooks {

    private final Api api;
    private final String secret;

    public SignedWebhooks(Api api, String secret) {
        this.api = api;
        this.secret = secret;
    }

    public static String body(String eventId, String type, String idempotencyKey, String amount) {
        return """
                {"id":"%s","type":"%s","data":{"idempotencyKey":"%s","amount":"%s","currency":"USD"}}"""
                .formatted(eventId, type, idempotencyKey, amount);
    }

    public Api.Response send(String provider, String body) {
        return send(provider, body, header(secret, Instant.now().getEpochSecond(), body));
    }

    public Api.Response send(String provider, String body, String signatureHeader) {
        return api.send("/api/payments/webhooks/" + provider, "POST", "application/json", body, null,
                "Mercato-Signature", signatureHeader);
    }

    public static String header(String secret, long timestamp, String body) {
        return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(hmac(secret, timestamp + "." + body));
    }

    private static byte[] hmac(String secret, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
