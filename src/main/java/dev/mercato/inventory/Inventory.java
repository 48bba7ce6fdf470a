package dev.mercato.inventory;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * Holds on stock, for carts and orders. An owner is an opaque string (a cart uses
 * {@code cart:<id>}). Every method joins the caller's transaction, so a cart change and its holds
 * commit or roll back together. Never oversells: reservations lock the SKU's stock rows and the
 * database refuses {@code reserved > quantity}.
 */
public interface Inventory {

    /** How long a hold lasts from its last renewal (default 30 minutes). */
    java.time.Duration holdTtl();

    /** Units that can be sold now, summed over warehouses; 0 for a SKU without stock rows. */
    long available(String sku);

    Map<String, Long> available(Collection<String> skus);

    /**
     * Holds {@code quantity} more units of the SKU for the owner until {@code expiresAt}, drawing
     * from warehouses in priority order and splitting across them when one is short. All or
     * nothing: throws {@link InsufficientStockException} (nothing held) when the SKU has fewer units available.
     */
    void reserve(String owner, String sku, int quantity, Instant expiresAt);

    /** Gives back up to {@code quantity} of the owner's active units of the SKU; returns how many were released. */
    int release(String owner, String sku, int quantity);

    /**
     * Moves every active hold of the owner to the new expiry (a cart change renews its holds). Locks
     * those holds: call it before {@link #reserve} in the same transaction, never after.
     */
    void renew(String owner, Instant expiresAt);

    /**
     * {@link #renew} and {@link #held} in one round trip: the owner's active holds per SKU as the
     * renewal left them. Takes the same locks as {@code renew}, in the same order.
     */
    Map<String, Held> renewAndList(String owner, Instant expiresAt);

    /** The owner's active holds per SKU. */
    Map<String, Held> held(String owner);

    /**
     * Commits exactly the given units to an order: the owner's active holds are topped up (reserving
     * the shortfall) or trimmed to match, then marked committed. They keep counting as reserved; the
     * stock row itself is not touched, which is what keeps checkout off the hot row. Throws
     * {@link InsufficientStockException} when a shortfall cannot be reserved.
     */
    void commitToOrder(String owner, Map<String, Integer> quantities, UUID orderId, Instant expiresAt);

    /** The order is paid: its committed holds become sold, to be folded into stock by the settler. */
    void markSold(UUID orderId);

    /** The order will not be paid but the shopper may retry: its holds become the owner's active holds again. */
    void returnToOwner(UUID orderId, String owner, Instant expiresAt);

    /** The order is cancelled: unsettled holds are released and settled units go back on the shelf. Idempotent. */
    void releaseOrder(UUID orderId, String reason);

    /** Hands the owner's active holds to another owner (a guest cart merging into a customer cart). */
    void transferHolds(String fromOwner, String toOwner);

    /** @param expiresAt the earliest expiry among the holds */
    record Held(int quantity, Instant expiresAt) {
    }
}
