package dev.mercato.inventory.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** What happens to an order's holds as the order is paid, refused or cancelled. */
@Component
class OrderHolds {

    private final HoldRows holds;
    private final StockRows stock;
    private final Ledger ledger;
    private final Reservations reservations;
    private final CachedAvailability availability;
    private final Clock clock;

    OrderHolds(HoldRows holds, StockRows stock, Ledger ledger, Reservations reservations, CachedAvailability availability,
            Clock clock) {
        this.availability = availability;
        this.holds = holds;
        this.stock = stock;
        this.ledger = ledger;
        this.reservations = reservations;
        this.clock = clock;
    }

    @Transactional
    void markSold(UUID orderId) {
        holds.markSold(orderId, clock.instant());
    }

    @Transactional
    void returnToOwner(UUID orderId, String owner, Instant expiresAt) {
        holds.lockForOrder(orderId);
        holds.reactivate(orderId, owner, expiresAt, clock.instant());
    }

    /**
     * Cancels whatever the order still holds. Unsettled holds give their units back to the
     * reservation pool; settled ones (already taken off the shelf) put their units back on it.
     * Holds already released are skipped, so a second call changes nothing.
     */
    @Transactional
    void release(UUID orderId, String reason) {
        Instant now = clock.instant();
        List<HoldRows.Hold> locked = holds.lockForOrder(orderId);
        Map<StockKey, Long> unsettled = new TreeMap<>();
        Map<StockKey, Long> settled = new TreeMap<>();
        for (HoldRows.Hold hold : locked) {
            switch (hold.state()) {
                case "committed", "sold", "active" -> unsettled.merge(hold.stock(), (long) hold.quantity(), Long::sum);
                case "settled" -> settled.merge(hold.stock(), (long) hold.quantity(), Long::sum);
                default -> {
                    continue;
                }
            }
            holds.changeState(hold.id(), "released", now);
        }
        java.util.Set<StockKey> touched = new java.util.TreeSet<>(unsettled.keySet());
        touched.addAll(settled.keySet());
        stock.lockInOrder(touched);
        reservations.giveBack(unsettled, "release", "order:" + orderId);
        if (!settled.isEmpty()) {
            settled.forEach((key, units) -> {
                stock.changeQuantity(key, units);
                ledger.record(key, units, 0, "return", reason, "order:" + orderId);
            });
            availability.changed(settled.keySet().stream().map(StockKey::sku).distinct().toList());
        }
    }
}
