package dev.mercato.platform.security;

import java.util.Optional;

/**
 * Port through which the security filter resolves a bearer token to its caller. Implemented by the
 * module that owns sessions (customers). Called on every authenticated request, so implementations
 * must answer from memory for repeated tokens; an unknown, revoked or expired token resolves empty.
 */
public interface AccessTokens {

    Optional<Caller> resolve(String bearerToken);
}
