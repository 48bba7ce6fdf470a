package dev.mercato.platform.web;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Strong ETags computed from the response body: they change with anything a client sees (price,
 * stock, status) and need no version bookkeeping, so If-None-Match revalidation stays correct.
 */
public final class ETags {

    private ETags() {
    }

    public static String of(byte[] body) {
        try {
            return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
