package dev.mercato.inventory.internal;

import java.time.Instant;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.mercato.inventory.ReservationEngine;

/**
 * One transaction and one lock of the SKU's stock rows per request: correct, simple, and the
 * design whose lock queue collapses under a flash sale. Kept as the benchmark's baseline.
 */
@Component("rowLock")
class RowLockReservationEngine implements ReservationEngine {

    private final Reservations reservations;
    private final TransactionTemplate transactions;

    RowLockReservationEngine(Reservations reservations, TransactionTemplate transactions) {
        this.reservations = reservations;
        this.transactions = transactions;
    }

    @Override
    public void reserve(String owner, String sku, int quantity, Instant expiresAt) {
        transactions.executeWithoutResult(tx -> reservations.reserve(owner, sku, quantity, expiresAt));
    }
}
