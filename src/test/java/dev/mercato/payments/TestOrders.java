package dev.mercato.payments;

import java.util.UUID;

/** Order ids for the sandbox's {@code tok_timeout} card, which charges before timing out for ids ending in an even hex digit. */
public final class TestOrders {

    private TestOrders() {
    }

    public static UUID chargedBeforeTimeout() {
        UUID id = UUID.randomUUID();
        return new UUID(id.getMostSignificantBits(), id.getLeastSignificantBits() & ~1L);
    }

    public static UUID notChargedBeforeTimeout() {
        UUID id = UUID.randomUUID();
        return new UUID(id.getMostSignificantBits(), id.getLeastSignificantBits() | 1L);
    }
}
