package dev.mercato.platform.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque keyset-pagination cursors. Clients must not build them, so the value is encoded; a cursor
 * that does not decode is a client error, not a reason to start from the first page.
 */
public final class Cursors {

    private Cursors() {
    }

    public static String encode(String position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    public static String decode(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    public static long decodeLong(String cursor) {
        try {
            return Long.parseLong(decode(cursor));
        } catch (NumberFormatException e) {
            throw invalid();
        }
    }

    private static ProblemException invalid() {
        return ProblemException.badRequest("invalid-cursor", "cursor is not one this API returned")
                .with("errors", java.util.List.of(new FieldError("cursor", "is not a valid cursor")));
    }
}
