package dev.mercato.inventory.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.mercato.inventory.InsufficientStockException;
import dev.mercato.inventory.Inventory;
import dev.mercato.inventory.StockChanged;
import dev.mercato.platform.database.TimeOrderedIds;

/**
 * Holds for carts: reserve, release, renew, commit to an order. Correctness rests on two things:
 * a reservation locks all of the SKU's stock rows before reading what is available, and the
 * database CHECK refuses {@code reserved > quantity} should the code ever get it wrong.
 *
 * <p>Lock order, everywhere in inventory: hold rows first, then stock rows sorted by (sku, warehouse).
 * A caller that will both reserve and touch existing holds in one transaction must lock the holds
 * first ({@code renew} does), or it can deadlock with the expiry sweeper.
 */
@Component
class Reservations {

    private final StockRows stock;
    private final HoldRows holds;
    private final Ledger ledger;
    private final InventoryMetrics metrics;
    private final ApplicationEventPublisher events;
    private final CachedAvailability availability;
    private final Clock clock;

    Reservations(StockRows stock, HoldRows holds, Ledger ledger, InventoryMetrics metrics,
            ApplicationEventPublisher events, CachedAvailability availability, Clock clock) {
        this.stock = stock;
        this.holds = holds;
        this.ledger = ledger;
        this.metrics = metrics;
        this.events = events;
        this.availability = availability;
        this.clock = clock;
    }

    @Transactional
    void reserve(String owner, String sku, int quantity, Instant expiresAt) {
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity must be positive");
        }
        List<StockRows.StockRow> rows = stock.lockForAllocation(sku);
        long available = rows.stream().mapToLong(StockRows.StockRow::available).sum();
        if (available < quantity) {
            metrics.insufficient.increment();
            throw new InsufficientStockException(sku, quantity, available);
        }
        Instant now = clock.instant();
        int remaining = quantity;
        try {
            for (StockRows.StockRow row : rows) {
                int part = (int) Math.min(remaining, row.available());
                if (part <= 0) {
                    continue;
                }
                StockKey key = new StockKey(sku, row.warehouseId());
                stock.changeReserved(key, part);
                holds.insert(TimeOrderedIds.next(), sku, row.warehouseId(), part, owner, expiresAt, now);
                remaining -= part;
                if (remaining == 0) {
                    break;
                }
            }
        } catch (DataIntegrityViolationException e) {
            metrics.oversellRefused.increment();
            metrics.failed.increment();
            throw e;
        }
        metrics.reserved.increment();
        if (available == quantity) {
            events.publishEvent(new StockChanged(sku, 0));
        } else {
            availability.changed(List.of(sku)); // too frequent for the outbox, but what shoppers see moved
        }
    }

    /** Releases newest holds first; a hold larger than what is left to release is shrunk, not dropped. */
    @Transactional
    int release(String owner, String sku, int quantity, String kind) {
        holds.lockOwner(owner);
        int remaining = quantity;
        Instant now = clock.instant();
        Map<StockKey, Long> released = new TreeMap<>();
        for (HoldRows.Hold hold : holds.lockActive(owner, sku)) {
            if (remaining == 0) {
                break;
            }
            int part = Math.min(remaining, hold.quantity());
            if (part == hold.quantity()) {
                holds.changeState(hold.id(), "released", now);
            } else {
                holds.shrink(hold.id(), part, now);
            }
            released.merge(hold.stock(), (long) part, Long::sum);
            remaining -= part;
        }
        giveBack(released, kind, owner);
        return quantity - remaining;
    }

    /**
     * Makes the owner's active holds on each SKU add up to exactly the committed quantity, then marks
     * them committed. SKUs are handled in sorted order, so two checkouts lock stock rows in the same order.
     */
    @Transactional
    void commitToOrder(String owner, Map<String, Integer> quantities, UUID orderId, Instant expiresAt) {
        Instant now = clock.instant();
        // every hold of the owner is locked before the first stock row (holds before stock, always),
        // and the rows that lock returns are what each SKU's line is matched against
        holds.lockOwner(owner);
        Map<String, List<HoldRows.Hold>> active = newestFirstBySku(holds.lockAllActive(owner));
        for (Map.Entry<String, Integer> line : new TreeMap<>(quantities).entrySet()) {
            String sku = line.getKey();
            int wanted = line.getValue();
            List<HoldRows.Hold> ofSku = active.getOrDefault(sku, List.of());
            int held = ofSku.stream().mapToInt(HoldRows.Hold::quantity).sum();
            if (held < wanted) {
                reserve(owner, sku, wanted - held, expiresAt);
                ofSku = holds.lockActive(owner, sku);
            } else if (held > wanted) {
                release(owner, sku, held - wanted, "release");
                ofSku = holds.lockActive(owner, sku);
            }
            commitExactly(ofSku, owner, sku, wanted, orderId, now);
        }
    }

    /** Locked holds per SKU, newest first, the order {@link HoldRows#lockActive} answers in. */
    private static Map<String, List<HoldRows.Hold>> newestFirstBySku(List<HoldRows.Hold> locked) {
        Map<String, List<HoldRows.Hold>> bySku = new java.util.HashMap<>();
        locked.forEach(hold -> bySku.computeIfAbsent(hold.sku(), sku -> new ArrayList<>()).add(hold));
        bySku.values().forEach(list -> list.sort(HoldRows.NEWEST_FIRST));
        return bySku;
    }

    /**
     * Commits {@code wanted} units of the owner's active holds of the SKU ({@code newestFirst}, as
     * locked in this transaction), oldest first, splitting the last hold if it is larger than what is
     * left; whole holds are committed in one statement. Never "all active holds": holds handed back by
     * a declined order can become active mid-transaction and must not slip into this order.
     */
    private void commitExactly(List<HoldRows.Hold> newestFirst, String owner, String sku, int wanted, UUID orderId, Instant now) {
        List<HoldRows.Hold> active = new ArrayList<>(newestFirst);
        java.util.Collections.reverse(active);
        List<UUID> whole = new ArrayList<>();
        int left = wanted;
        for (HoldRows.Hold hold : active) {
            if (left == 0) {
                break;
            }
            if (hold.quantity() <= left) {
                whole.add(hold.id());
                left -= hold.quantity();
            } else {
                holds.shrink(hold.id(), left, now);
                holds.insertCommitted(UUID.randomUUID(), hold, left, orderId, now);
                left = 0;
            }
        }
        if (left > 0) {
            throw new IllegalStateException("holds of " + owner + " on " + sku + " are " + left + " short after topping up");
        }
        holds.commit(whole, orderId, now);
    }

    @Transactional
    void renew(String owner, Instant expiresAt) {
        holds.lockOwner(owner);
        holds.renew(owner, expiresAt, clock.instant());
    }

    @Transactional
    void transfer(String from, String to) {
        holds.lockOwner(from);
        holds.lockOwner(to);
        holds.transfer(from, to, clock.instant());
    }

    @Transactional
    Map<String, Inventory.Held> renewAndList(String owner, Instant expiresAt) {
        return perSku(holds.renewAndList(owner, expiresAt, clock.instant()));
    }

    Map<String, Inventory.Held> held(String owner) {
        return perSku(holds.active(owner));
    }

    private static Map<String, Inventory.Held> perSku(List<HoldRows.Hold> active) {
        Map<String, Inventory.Held> held = new TreeMap<>();
        for (HoldRows.Hold hold : active) {
            held.merge(hold.sku(), new Inventory.Held(hold.quantity(), hold.expiresAt()), (a, b) -> new Inventory.Held(
                    a.quantity() + b.quantity(), a.expiresAt().isBefore(b.expiresAt()) ? a.expiresAt() : b.expiresAt()));
        }
        return held;
    }

    /** Returns released units to what can be sold, with one ledger entry per stock row. */
    void giveBack(Map<StockKey, Long> released, String kind, String reference) {
        if (released.isEmpty()) {
            return;
        }
        stock.lockInOrder(released.keySet());
        released.forEach((key, units) -> {
            stock.changeReserved(key, -units);
            ledger.record(key, 0, -units, kind, null, reference);
        });
        released.keySet().stream().map(StockKey::sku).distinct().forEach(sku ->
                events.publishEvent(new StockChanged(sku, stock.available(List.of(sku)).getOrDefault(sku, 0L))));
    }

    static List<UUID> ids(List<HoldRows.Hold> list) {
        List<UUID> ids = new ArrayList<>(list.size());
        list.forEach(hold -> ids.add(hold.id()));
        return ids;
    }
}
