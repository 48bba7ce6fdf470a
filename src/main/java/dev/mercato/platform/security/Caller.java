package dev.mercato.platform.security;

import java.util.Set;
import java.util.UUID;

/**
 * Who is calling: every bearer token resolves to one session; a session belongs to a customer once
 * they have logged in ({@code customerId} set) and is anonymous for guests. Carts and orders are
 * owned by the customer when there is one, by the session otherwise.
 */
public record Caller(UUID sessionId, UUID customerId, Set<String> roles) {

    public static final String ROLE_GUEST = "guest";
    public static final String ROLE_CUSTOMER = "customer";
    public static final String ROLE_ADMIN = "admin";

    public Caller {
        roles = Set.copyOf(roles);
    }

    public boolean isGuest() {
        return customerId == null;
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
