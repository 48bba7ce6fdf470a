package dev.mercato.payments.internal;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a processor's webhook signature, Stripe's scheme: the header
 * {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">} (several {@code v1} while a secret
 * rotates; any one may match). The HMAC is computed over the raw bytes as received, never over
 * re-serialised JSON, and compared in constant time ({@link MessageDigest#isEqual}) so response timing
 * tells an attacker nothing about how much of a guess was right. The timestamp must be within
 * {@code tolerance} of now, either way, so a captured request cannot be replayed later.
 */
final class WebhookSignatures {

    private static final String HMAC = "HmacSHA256";

    private final Clock clock;
    private final Duration tolerance;

    WebhookSignatures(Clock clock, Duration tolerance) {
        this.clock = clock;
        this.tolerance = tolerance;
    }

    /** Why the signature is refused, or null when it is good. */
    String refusal(String header, byte[] body, String secret) {
        if (header == null || header.isBlank()) {
            return "the signature header is missing";
        }
        Long timestamp = null;
        List<byte[]> signatures = new ArrayList<>();
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String name = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            try {
                if (name.equals("t")) {
                    timestamp = Long.parseLong(value);
                } else if (name.equals("v1")) {
                    signatures.add(HexFormat.of().parseHex(value));
                }
            } catch (IllegalArgumentException malformed) {
                return "the signature header is malformed";
            }
        }
        if (timestamp == null || signatures.isEmpty()) {
            return "the signature header needs t=<unix seconds> and v1=<hex HMAC-SHA256>";
        }
        Duration age = Duration.between(Instant.ofEpochSecond(timestamp), clock.instant()).abs();
        if (age.compareTo(tolerance) > 0) {
            return "the signature's timestamp is more than " + tolerance.toMinutes() + " minutes from now";
        }
        byte[] expected = sign(secret, timestamp, body);
        boolean matched = false;
        for (byte[] signature : signatures) {
            // no early exit: every candidate is compared, each in constant time
            matched |= MessageDigest.isEqual(expected, signature);
        }
        return matched ? null : "the signature does not match the body";
    }

    /** The v1 signature of a body sent at {@code timestamp} (also what tests and senders use). */
    static byte[] sign(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }
}
