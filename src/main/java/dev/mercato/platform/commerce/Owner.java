package dev.mercato.platform.commerce;

import java.util.Objects;
import java.util.UUID;

import dev.mercato.platform.security.Caller;

/**
 * Who owns a cart, an order, an idempotency key or a flash-sale claim: the customer once they
 * have logged in, the session before. {@link #key()} is the one spelling stored in the database
 * ({@code customer:<id>} or {@code session:<id>}); nothing else should build those strings.
 */
public record Owner(Kind kind, UUID id) {

    public enum Kind {
        CUSTOMER("customer:"), SESSION("session:");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }
    }

    public Owner {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
    }

    public static Owner customer(UUID customerId) {
        return new Owner(Kind.CUSTOMER, customerId);
    }

    public static Owner session(UUID sessionId) {
        return new Owner(Kind.SESSION, sessionId);
    }

    /** What the caller creates belongs to: the customer when logged in, else the session. */
    public static Owner of(Caller caller) {
        return caller.customerId() != null ? customer(caller.customerId()) : session(caller.sessionId());
    }

    /** Reads a stored {@link #key()} back; throws {@link IllegalArgumentException} for anything else. */
    public static Owner parse(String key) {
        for (Kind kind : Kind.values()) {
            if (key.startsWith(kind.prefix)) {
                return new Owner(kind, UUID.fromString(key.substring(kind.prefix.length())));
            }
        }
        throw new IllegalArgumentException("not an owner key: " + key);
    }

    /** The stored form, {@code customer:<id>} or {@code session:<id>}. */
    public String key() {
        return kind.prefix + id;
    }

    @Override
    public String toString() {
        return key();
    }
}
