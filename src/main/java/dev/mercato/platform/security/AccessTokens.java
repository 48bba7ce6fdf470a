package dev.mercato.platform.security;

import java.util.Optional;

/**
 * Port through which the security filter resolves a bearer token to its caller. Implemented by the
 * module that owns sessions (customers). Called on every authenticated request, so implementations
 * must answer from memory for repeated tokens; an unknown, revoked or expired token resolves empty.
 */
public interface AccessTokens {

    String BEARER = "Bearer ";

    Optional<Caller> resolve(String bearerToken);

    /**
     * The caller of an {@code Authorization} header's {@code Bearer} token, for a route answered ahead
     * of the security chain; empty for no header, another scheme, an unknown token or any failure
     * to resolve it: the chain then looks again and answers as it always has.
     */
    default Optional<Caller> fromAuthorization(String header) {
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        try {
            return resolve(header.substring(BEARER.length()).trim());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
