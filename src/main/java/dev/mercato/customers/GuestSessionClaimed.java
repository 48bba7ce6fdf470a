package dev.mercato.customers;

import java.util.UUID;

/**
 * A guest logged in or registered while presenting their guest token: what the guest session owned
 * now belongs to the customer. Published once per claim; the guest token is revoked with it.
 */
public record GuestSessionClaimed(UUID guestSessionId, UUID customerId) {
}
