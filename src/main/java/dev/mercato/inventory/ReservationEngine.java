package dev.mercato.inventory;

import java.time.Instant;

/**
 * A way of placing holds on stock. Every grant is committed in PostgreSQL before the caller is
 * told; a refusal ({@link InsufficientStockException}) holds nothing. Unlike
 * {@link Inventory#reserve}, engines run their own transactions: call them outside any transaction,
 * never while holding a connection. Two implementations exist, chosen by bean name:
 * {@code coalescing} (the default: per-SKU request coalescing with group commit, DESIGN.md section 4)
 * and {@code rowLock} (one transaction and one stock-row lock per request, the classic design, kept
 * as the benchmark's baseline).
 */
public interface ReservationEngine {

    /** Holds {@code quantity} units for the owner, all or nothing; blocks until the grant is durable. */
    void reserve(String owner, String sku, int quantity, Instant expiresAt);
}
