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

    /**
     * What an add must check before it asks for a hold, in one statement and no transaction: the
     * owner's cart (created if missing), the units of {@code sku} already in it and the first other
     * line's SKU (for the currency rule). Takes no lock: the add checks again under the cart lock
     * once the hold is granted ({@link #addUnits}).
     */
    BeforeAdd beforeAdd(Owner owner, String sku, Instant now) {
        String statement = """
                WITH created AS (INSERT INTO carts (id, owner, created_at, updated_at) VALUES (:id, :owner, :now, :now)
                                 ON CONFLICT (owner) DO NOTHING RETURNING id),
                     cart AS (SELECT id FROM created UNION ALL SELECT id FROM carts WHERE owner = :owner)
                SELECT cart.id,
                       coalesce((SELECT quantity FROM cart_items WHERE cart_id = cart.id AND sku = :sku), 0) AS quantity,
                       (SELECT sku FROM cart_items WHERE cart_id = cart.id AND sku <> :sku ORDER BY added_at, sku LIMIT 1) AS other
                FROM cart LIMIT 1""";
        // a cart created by a concurrent first add commits after this statement's snapshot: the
        // insert then finds the conflict and the select does not see the row yet, so ask once more
        for (int attempt = 0; ; attempt++) {
            Optional<BeforeAdd> found = jdbc.sql(statement).param("id", UUID.randomUUID()).param("owner", owner.key())
                    .param("now", Timestamp.from(now)).param("sku", sku)
                    .query((rs, n) -> new BeforeAdd(rs.getObject(1, UUID.class), rs.getInt(2), rs.getString(3))).optional();
            if (found.isPresent() || attempt == 1) {
                return found.orElseThrow(() -> new IllegalStateException("cart of " + owner.key() + " neither created nor found"));
            }
        }
    }

    /** @param otherSku a line of another SKU, null when there is none */
    record BeforeAdd(UUID cartId, int quantity, String otherSku) {
    }

    /**
     * Adds units to a line in one statement: locks the cart row (touching it, as every change
     * does), then inserts the line or adds to it, unless that would take it past {@code maxQuantity}.
     * The lock comes first, so this waits for any other change of the cart, and the increment works on
     * the line as that change left it.
     *
     * @return false when nothing was added: the cart is gone, or the line would exceed the limit
     */
    boolean addUnits(UUID cartId, String sku, int quantity, int maxQuantity, Instant now) {
        return jdbc.sql("""
                WITH cart AS (UPDATE carts SET updated_at = :now WHERE id = :cartId RETURNING id)
                INSERT INTO cart_items (cart_id, sku, quantity, added_at) SELECT id, :sku, :quantity, :now FROM cart
                WHERE :quantity <= :max
                ON CONFLICT (cart_id, sku) DO UPDATE SET quantity = cart_items.quantity + excluded.quantity
                WHERE cart_items.quantity + excluded.quantity <= :max""")
                .param("now", Timestamp.from(now)).param("cartId", cartId).param("sku", sku).param("quantity", quantity)
                .param("max", maxQuantity).update() == 1;
    }

    /**
     * Locks the cart by touching it (one statement for the lock and the {@code updated_at} every
     * change sets); false when the cart is gone. The changes that follow ({@link #takeOut}) then
     * need no touch of their own.
     */
    boolean lockTouching(UUID cartId, Instant now) {
        return jdbc.sql("UPDATE carts SET updated_at = :now WHERE id = :cartId").param("now", Timestamp.from(now))
                .param("cartId", cartId).update() == 1;
    }

    /**
     * Takes the units out of the cart's lines in one statement: a line with more units keeps the rest
     * (the shopper may have added to it meanwhile), a line with as many or fewer goes. The two parts
     * touch different lines, read in one snapshot. The cart is locked and touched already ({@link #lockTouching}).
     */
    void takeOut(UUID cartId, Map<String, Integer> units) {
        jdbc.sql("""
                WITH taken AS (SELECT * FROM unnest(:skus::text[], :units::int[]) AS t(sku, units)),
                kept AS (
                    UPDATE cart_items i SET quantity = i.quantity - t.units FROM taken t
                    WHERE i.cart_id = :cartId AND i.sku = t.sku AND i.quantity > t.units)
                DELETE FROM cart_items i USING taken t WHERE i.cart_id = :cartId AND i.sku = t.sku AND i.quantity <= t.units""")
                .param("cartId", cartId)
                .param("skus", units.keySet().toArray(String[]::new))
                .param("units", units.values().toArray(Integer[]::new))
                .update();
    }

    boolean exists(UUID cartId) {
        return jdbc.sql("SELECT 1 FROM carts WHERE id = :id").param("id", cartId).query(Integer.class).optional().isPresent();
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
