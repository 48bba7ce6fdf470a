package dev.mercato.customers.internal;

import java.util.Set;
import java.util.UUID;

/** A freshly created session: the token is shown to the client once and never stored in clear. */
public record IssuedToken(String token, UUID sessionId, UUID customerId, Set<String> roles) {
}
