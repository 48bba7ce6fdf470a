package dev.mercato.inventory.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL over the holds table. A transaction locks holds before it locks stock rows, never the other way round. */
@Repository
class HoldRows {

    private final JdbcClient jdbc;

    HoldRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Hold(UUID id, String sku, long warehouseId, int quantity, String owner, String state, UUID orderId, Instant expiresAt,
            Instant createdAt) {
        StockKey stock() {
            return new StockKey(sku, warehouseId);
        }
    }

    /**
     * Maps by hand: the record mapper JdbcClient picks for {@code query(Hold.class)} tries each
     * component's camel-case name first and asks the driver for an {@code Instant} it cannot give,
     * paying a driver exception each time (measured: several per cart add, at flash-sale rates).
     */
    /** Newest first, ties by id: the order holds are released in (the oldest keep their place). */
    static final java.util.Comparator<Hold> NEWEST_FIRST = java.util.Comparator.comparing(Hold::createdAt).reversed()
            .thenComparing(Hold::id);

    static final RowMapper<Hold> HOLD = (rs, n) -> new Hold(rs.getObject("id", UUID.class), rs.getString("sku"),
            rs.getLong("warehouse_id"), rs.getInt("quantity"), rs.getString("owner"), rs.getString("state"),
            rs.getObject("order_id", UUID.class), rs.getTimestamp("expires_at").toInstant(), rs.getTimestamp("created_at").toInstant());

    void insert(UUID id, String sku, long warehouseId, int quantity, String owner, Instant expiresAt, Instant now) {
        jdbc.sql("""
                INSERT INTO holds (id, sku, warehouse_id, quantity, owner, state, expires_at, created_at, updated_at)
                VALUES (:id, :sku, :warehouseId, :quantity, :owner, 'active', :expiresAt, :now, :now)""")
                .param("id", id).param("sku", sku).param("warehouseId", warehouseId).param("quantity", quantity)
                .param("owner", owner).param("expiresAt", Timestamp.from(expiresAt)).param("now", Timestamp.from(now))
                .update();
    }

    /** Splits {@code quantity} units off {@code from} (already shrunk by the caller) as a hold committed to the order. */
    void insertCommitted(UUID id, Hold from, int quantity, UUID orderId, Instant now) {
        jdbc.sql("""
                INSERT INTO holds (id, sku, warehouse_id, quantity, owner, state, order_id, expires_at, created_at, updated_at)
                VALUES (:id, :sku, :warehouseId, :quantity, :owner, 'committed', :orderId, :expiresAt, :now, :now)""")
                .param("id", id).param("sku", from.sku()).param("warehouseId", from.warehouseId()).param("quantity", quantity)
                .param("owner", from.owner()).param("orderId", orderId).param("expiresAt", Timestamp.from(from.expiresAt()))
                .param("now", Timestamp.from(now)).update();
    }

    /**
     * The owner's active holds on the SKU, locked, returned newest first (released first, so the
     * oldest keep their place). Hold rows are always locked in id order, whichever order the caller
     * wants them in: two transactions locking the same holds in different orders would deadlock.
     */
    List<Hold> lockActive(String owner, String sku) {
        List<Hold> holds = new java.util.ArrayList<>(jdbc.sql("""
                SELECT id, sku, warehouse_id, quantity, owner, state, order_id, expires_at, created_at FROM holds
                WHERE owner = :owner AND sku = :sku AND state = 'active'
                ORDER BY id FOR UPDATE""")
                .param("owner", owner).param("sku", sku).query(HOLD).list());
        holds.sort(NEWEST_FIRST);
        return holds;
    }

    /**
     * Serialises every change to one owner's holds (a transaction-scoped advisory lock, taken before
     * any hold or stock row). Carts already serialise by locking their row; this keeps the inventory
     * correct and deadlock-free for any caller, since holds appearing mid-transaction (committed by
     * the reservation engine) could otherwise be locked out of id order.
     */
    void lockOwner(String owner) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(:owner, 0))").param("owner", owner).query(Object.class).single();
    }

    /** Locks every active hold of the owner, in id order, and answers them as locked. */
    List<Hold> lockAllActive(String owner) {
        return jdbc.sql("""
                SELECT id, sku, warehouse_id, quantity, owner, state, order_id, expires_at, created_at FROM holds
                WHERE owner = :owner AND state = 'active' ORDER BY id FOR UPDATE""")
                .param("owner", owner).query(HOLD).list();
    }

    List<Hold> active(String owner) {
        return jdbc.sql("""
                SELECT id, sku, warehouse_id, quantity, owner, state, order_id, expires_at, created_at FROM holds
                WHERE owner = :owner AND state = 'active' ORDER BY sku""")
                .param("owner", owner).query(HOLD).list();
    }

    List<Hold> lockForOrder(UUID orderId) {
        return jdbc.sql("""
                SELECT id, sku, warehouse_id, quantity, owner, state, order_id, expires_at, created_at FROM holds
                WHERE order_id = :orderId ORDER BY id FOR UPDATE""")
                .param("orderId", orderId).query(HOLD).list();
    }

    /**
     * Expired active holds nobody else is working on, locked; SKIP LOCKED lets several sweepers share
     * the work. A hold whose owner is locked ({@link #lockOwner}) by another transaction is skipped too,
     * until a later sweep: that transaction may already hold stock rows and then wait for this very
     * hold (an order's surplus released SKU by SKU back into its cart, a checkout re-reading a SKU's
     * holds after topping it up), while the sweep, having locked the hold, waits for those stock rows:
     * a deadlock, with the sweep as its victim. The owner lock is tried (never waited for) before the
     * row lock, on each row the index scan offers, so the sweep only ever holds holds of owners it has
     * locked, and every transaction that waits for an owner's holds holds that owner's lock.
     */
    List<Hold> lockExpired(Instant now, int limit) {
        return jdbc.sql("""
                SELECT id, sku, warehouse_id, quantity, owner, state, order_id, expires_at, created_at FROM holds
                WHERE state = 'active' AND expires_at < :now AND pg_try_advisory_xact_lock(hashtextextended(owner, 0))
                ORDER BY expires_at LIMIT :limit FOR UPDATE SKIP LOCKED""")
                .param("now", Timestamp.from(now)).param("limit", limit).query(HOLD).list();
    }

    List<Hold> lockSold(int limit) {
        return jdbc.sql("""
                SELECT id, sku, warehouse_id, quantity, owner, state, order_id, expires_at, created_at FROM holds
                WHERE state = 'sold' ORDER BY updated_at LIMIT :limit FOR UPDATE SKIP LOCKED""")
                .param("limit", limit).query(HOLD).list();
    }

    void changeState(UUID id, String state, Instant now) {
        jdbc.sql("UPDATE holds SET state = :state, updated_at = :now WHERE id = :id")
                .param("state", state).param("now", Timestamp.from(now)).param("id", id).update();
    }

    void changeStates(List<UUID> ids, String state, Instant now) {
        jdbc.sql("UPDATE holds SET state = :state, updated_at = :now WHERE id = ANY (:ids)")
                .param("state", state).param("now", Timestamp.from(now)).param("ids", ids.toArray(UUID[]::new)).update();
    }

    void shrink(UUID id, int by, Instant now) {
        jdbc.sql("UPDATE holds SET quantity = quantity - :by, updated_at = :now WHERE id = :id")
                .param("by", by).param("now", Timestamp.from(now)).param("id", id).update();
    }

    /** Commits these holds, whole, to the order; one statement whatever their number. */
    void commit(List<UUID> ids, UUID orderId, Instant now) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.sql("UPDATE holds SET state = 'committed', order_id = :orderId, updated_at = :now WHERE id = ANY (:ids)")
                .param("orderId", orderId).param("now", Timestamp.from(now)).param("ids", ids.toArray(UUID[]::new)).update();
    }

    void reactivate(UUID orderId, String owner, Instant expiresAt, Instant now) {
        jdbc.sql("""
                UPDATE holds SET state = 'active', order_id = NULL, owner = :owner, expires_at = :expiresAt, updated_at = :now
                WHERE order_id = :orderId AND state = 'committed'""")
                .param("owner", owner).param("expiresAt", Timestamp.from(expiresAt)).param("now", Timestamp.from(now))
                .param("orderId", orderId).update();
    }

    int markSold(UUID orderId, Instant now) {
        return jdbc.sql("UPDATE holds SET state = 'sold', updated_at = :now WHERE order_id = :orderId AND state = 'committed'")
                .param("now", Timestamp.from(now)).param("orderId", orderId).update();
    }

    /**
     * Pushes the owner's active holds to the new expiry, skipping those renewed within the last
     * minute: a busy cart changes many times a minute, and rewriting every hold on each change would
     * make a cart's n-th change cost n row updates. Against a 30-minute hold, a minute is noise.
     */
    int renew(String owner, Instant expiresAt, Instant now) {
        return jdbc.sql("""
                UPDATE holds SET expires_at = :expiresAt, updated_at = :now
                WHERE id IN (SELECT id FROM holds WHERE owner = :owner AND state = 'active' AND expires_at < :freshEnough
                             ORDER BY id FOR UPDATE)""")
                .param("expiresAt", Timestamp.from(expiresAt)).param("now", Timestamp.from(now)).param("owner", owner)
                .param("freshEnough", Timestamp.from(expiresAt.minus(java.time.Duration.ofMinutes(1)))).update();
    }

    /**
     * {@link #lockOwner} and {@link #renew} in one statement, answering the owner's active holds with
     * their new expiry. The advisory lock is a materialised CTE every hold row is joined with, so it is
     * taken before the first hold row is locked, as {@code lockOwner} then {@code renew} would. The
     * list is read from the statement's snapshot: a hold another transaction commits while this one
     * waits for the lock may be missing from it (it was never renewed either; it is new).
     */
    List<Hold> renewAndList(String owner, Instant expiresAt, Instant now) {
        return jdbc.sql("""
                WITH owner_lock AS MATERIALIZED (SELECT pg_advisory_xact_lock(hashtextextended(:owner, 0)) AS locked),
                     renewed AS (
                         UPDATE holds SET expires_at = :expiresAt, updated_at = :now
                         WHERE id IN (SELECT h.id FROM holds h CROSS JOIN owner_lock
                                      WHERE h.owner = :owner AND h.state = 'active' AND h.expires_at < :freshEnough
                                      ORDER BY h.id FOR UPDATE OF h)
                         RETURNING id, expires_at)
                SELECT h.id, h.sku, h.warehouse_id, h.quantity, h.owner, h.state, h.order_id,
                       coalesce(r.expires_at, h.expires_at) AS expires_at, h.created_at
                FROM holds h CROSS JOIN owner_lock LEFT JOIN renewed r ON r.id = h.id
                WHERE h.owner = :owner AND h.state = 'active' ORDER BY h.sku""")
                .param("expiresAt", Timestamp.from(expiresAt)).param("now", Timestamp.from(now)).param("owner", owner)
                .param("freshEnough", Timestamp.from(expiresAt.minus(java.time.Duration.ofMinutes(1)))).query(HOLD).list();
    }

    int transfer(String from, String to, Instant now) {
        return jdbc.sql("UPDATE holds SET owner = :to, updated_at = :now WHERE owner = :from AND state = 'active'")
                .param("to", to).param("now", Timestamp.from(now)).param("from", from).update();
    }
}
