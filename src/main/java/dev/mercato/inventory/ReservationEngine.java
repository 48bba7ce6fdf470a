package dev.mercato.inventory;

import java.time.Instant;
import java.util.Map;

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

    /**
     * Like {@link #reserve(String, String, int, Instant)}, and in the same transaction as the hold:
     * the companion's work for this request and, when it was done, the renewal of the owner's other
     * active holds to {@code expiresAt} (as {@link Inventory#renewAndList}, skipping a hold another
     * transaction has locked). Blocks until all of it is durable. An engine that cannot do the work
     * in its own transaction grants the hold alone and answers {@link Reserved#alone()}; so does the
     * coalescing engine for a request the companion answered "not done".
     */
    default <P, R> Reserved<R> reserve(String owner, String sku, int quantity, Instant expiresAt, HoldCompanion<P, R> companion,
            P payload) {
        reserve(owner, sku, quantity, expiresAt);
        return Reserved.alone();
    }

    /**
     * A granted hold, and what was committed with it.
     *
     * @param answer what the companion answered; null when its work was not done (the hold was granted alone)
     * @param held   the owner's active holds per SKU after the renewal; null when the work was not done
     */
    record Reserved<R>(R answer, Map<String, Inventory.Held> held) {

        public static <R> Reserved<R> alone() {
            return new Reserved<>(null, null);
        }

        public boolean withCompanion() {
            return answer != null;
        }
    }
}
