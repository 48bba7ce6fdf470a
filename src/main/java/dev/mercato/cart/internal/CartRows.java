package dev.mercato.cart.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.mercato.platform.commerce.Owner;

@Repository
class CartRows {

    private final JdbcClient jdbc;

    CartRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The owner's cart, created if missing, locked until the transaction ends. */
    UUID lockOrCreate(Owner owner, Instant now) {
        jdbc.sql("INSERT INTO carts (id, owner, created_at, updated_at) VALUES (:id, :owner, :now, :now) ON CONFLICT (owner) DO NOTHING")
                .param("id", UUID.randomUUID()).param("owner", owner.key()).param("now", Timestamp.from(now)).update();
        return lock(owner).orElseThrow();
    }

    Optional<UUID> lock(Owner owner) {
        return jdbc.sql("SELECT id FROM carts WHERE owner = :owner FOR UPDATE").param("owner", owner.key()).query(UUID.class).optional();
    }

    Optional<UUID> lockById(UUID cartId) {
        return jdbc.sql("SELECT id FROM carts WHERE id = :id FOR UPDATE").param("id", cartId).query(UUID.class).optional();
    }

    Optional<UUID> find(Owner owner) {
        return jdbc.sql("SELECT id FROM carts WHERE owner = :owner").param("owner", owner.key()).query(UUID.class).optional();
    }

    /** SKU -> quantity, in the order lines were added. */
    Map<String, Integer> items(UUID cartId) {
        Map<String, Integer> items = new LinkedHashMap<>();
        jdbc.sql("SELECT sku, quantity FROM cart_items WHERE cart_id = :cartId ORDER BY added_at, sku")
                .param("cartId", cartId).query(rs -> {
                    items.put(rs.getString(1), rs.getInt(2));
                });
        return items;
    }

    void setQuantity(UUID cartId, String sku, int quantity, Instant now) {
        jdbc.sql("""
                INSERT INTO cart_items (cart_id, sku, quantity, added_at) VALUES (:cartId, :sku, :quantity, :now)
                ON CONFLICT (cart_id, sku) DO UPDATE SET quantity = excluded.quantity""")
                .param("cartId", cartId).param("sku", sku).param("quantity", quantity).param("now", Timestamp.from(now)).update();
        touch(cartId, now);
    }

    void remove(UUID cartId, String sku, Instant now) {
        jdbc.sql("DELETE FROM cart_items WHERE cart_id = :cartId AND sku = :sku").param("cartId", cartId).param("sku", sku).update();
        touch(cartId, now);
    }

    void delete(UUID cartId) {
        jdbc.sql("DELETE FROM carts WHERE id = :cartId").param("cartId", cartId).update();
    }

    private void touch(UUID cartId, Instant now) {
        jdbc.sql("UPDATE carts SET updated_at = :now WHERE id = :cartId").param("now", Timestamp.from(now)).param("cartId", cartId).update();
    }

    static String holdOwner(UUID cartId) {
        return "cart:" + cartId;
    }

    static UUID cartIdOf(String holdOwner) {
        return UUID.fromString(holdOwner.substring("cart:".length()));
    }
}
