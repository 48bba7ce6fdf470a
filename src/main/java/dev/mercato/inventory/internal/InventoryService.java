package dev.mercato.inventory.internal;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Service;

import dev.mercato.inventory.Inventory;

@Service
class InventoryService implements Inventory {

    private final Reservations reservations;
    private final OrderHolds orderHolds;
    private final StockRows stock;
    private final InventorySettings settings;

    InventoryService(Reservations reservations, OrderHolds orderHolds, StockRows stock, InventorySettings settings) {
        this.settings = settings;
        this.reservations = reservations;
        this.orderHolds = orderHolds;
        this.stock = stock;
    }

    @Override
    public java.time.Duration holdTtl() {
        return settings.holdTtl();
    }

    @Override
    public long available(String sku) {
        return stock.available(List.of(sku)).getOrDefault(sku, 0L);
    }

    @Override
    public Map<String, Long> available(Collection<String> skus) {
        return skus.isEmpty() ? Map.of() : stock.available(skus);
    }

    @Override
    public void reserve(String owner, String sku, int quantity, Instant expiresAt) {
        reservations.reserve(owner, sku, quantity, expiresAt);
    }

    @Override
    public int release(String owner, String sku, int quantity) {
        return reservations.release(owner, sku, quantity, "release");
    }

    @Override
    public void renew(String owner, Instant expiresAt) {
        reservations.renew(owner, expiresAt);
    }

    @Override
    public Map<String, Held> renewAndList(String owner, Instant expiresAt) {
        return reservations.renewAndList(owner, expiresAt);
    }

    @Override
    public Map<String, Held> held(String owner) {
        return reservations.held(owner);
    }

    @Override
    public void commitToOrder(String owner, Map<String, Integer> quantities, UUID orderId, Instant expiresAt) {
        reservations.commitToOrder(owner, quantities, orderId, expiresAt);
    }

    @Override
    public void markSold(UUID orderId) {
        orderHolds.markSold(orderId);
    }

    @Override
    public void returnToOwner(UUID orderId, String owner, Instant expiresAt) {
        orderHolds.returnToOwner(orderId, owner, expiresAt);
    }

    @Override
    public void releaseOrder(UUID orderId, String reason) {
        orderHolds.release(orderId, reason);
    }

    @Override
    public void transferHolds(String fromOwner, String toOwner) {
        reservations.transfer(fromOwner, toOwner);
    }
}
