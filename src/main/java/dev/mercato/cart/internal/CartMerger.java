package dev.mercato.cart.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import dev.mercato.customers.GuestSessionClaimed;
import dev.mercato.inventory.Inventory;
import dev.mercato.platform.commerce.Owner;

/**
 * Moves a guest's cart into the customer's when the guest logs in. Lines for the same SKU are
 * added together (capped at the line limit, releasing what is over); holds change owner without
 * touching stock, so nothing the guest held is lost or counted twice. Redelivery finds no guest
 * cart and does nothing.
 */
@Component
class CartMerger {

    private static final Logger log = LoggerFactory.getLogger(CartMerger.class);

    private final CartRows carts;
    private final Inventory inventory;
    private final Clock clock;

    CartMerger(CartRows carts, Inventory inventory, Clock clock) {
        this.carts = carts;
        this.inventory = inventory;
        this.clock = clock;
    }

    @ApplicationModuleListener
    void on(GuestSessionClaimed claimed) {
        var guestCart = carts.lock(Owner.session(claimed.guestSessionId()));
        if (guestCart.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        UUID from = guestCart.get();
        UUID to = carts.lockOrCreate(Owner.customer(claimed.customerId()), now);
        Map<String, Integer> existing = carts.items(to);
        inventory.transferHolds(CartRows.holdOwner(from), CartRows.holdOwner(to));
        carts.items(from).forEach((sku, quantity) -> {
            int merged = existing.getOrDefault(sku, 0) + quantity;
            if (merged > CartService.MAX_LINE_QUANTITY) {
                inventory.release(CartRows.holdOwner(to), sku, merged - CartService.MAX_LINE_QUANTITY);
                merged = CartService.MAX_LINE_QUANTITY;
            }
            carts.setQuantity(to, sku, merged, now);
        });
        carts.delete(from);
        log.info("guest cart merged guestSessionId={} customerId={}", claimed.guestSessionId(), claimed.customerId());
    }
}
