package dev.mercato.inventory.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL over the stock table. Stock rows are always locked in (sku, warehouse id) order, so lockers
 * cannot deadlock, and with {@code FOR NO KEY UPDATE}: the key never changes, so the weaker lock
 * is enough, and it does not conflict with key-share locks (other tables' foreign keys, should one
 * ever point here again: holds had one until V11). Stock rows are never deleted, which is what lets
 * holds name a stock row without a foreign key: every hold's warehouse comes from a stock row of
 * its SKU that some transaction has read.
 */
@Repository
class StockRows {

    private final JdbcClient jdbc;

    StockRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record StockRow(String sku, long warehouseId, String warehouse, int priority, long quantity, long reserved) {
        long available() {
            return quantity - reserved;
        }
    }

    /**
     * Maps by hand: the record mappers ({@code query(StockRow.class)}, {@code DataClassRowMapper}) look
     * {@code warehouse_id} up as {@code warehouseId} or {@code warehouseid} first and pay a driver
     * exception for it on every row (measured: one per batch of the reservation engine).
     */
    static final RowMapper<StockRow> STOCK_ROW = (rs, n) -> new StockRow(rs.getString("sku"), rs.getLong("warehouse_id"),
            rs.getString("warehouse"), rs.getInt("priority"), rs.getLong("quantity"), rs.getLong("reserved"));

    /**
     * The SKU's rows, locked until the transaction ends, returned in allocation order (priority,
     * then code). They are locked in warehouse-id order like every other stock lock: priorities
     * change, and two orders of locking the same rows would deadlock.
     */
    List<StockRow> lockForAllocation(String sku) {
        return lockForAllocation(jdbc, sku);
    }

    static List<StockRow> lockForAllocation(JdbcClient jdbc, String sku) {
        List<StockRow> rows = new java.util.ArrayList<>(jdbc.sql("""
                SELECT s.sku, s.warehouse_id, w.code AS warehouse, w.priority, s.quantity, s.reserved
                FROM stock s JOIN warehouses w ON w.id = s.warehouse_id
                WHERE s.sku = :sku
                ORDER BY s.warehouse_id
                FOR NO KEY UPDATE OF s""")
                .param("sku", sku).query(STOCK_ROW).list());
        rows.sort(java.util.Comparator.comparingInt(StockRow::priority).thenComparing(StockRow::warehouse));
        return rows;
    }

    List<StockRow> rows(String sku) {
        return jdbc.sql("""
                SELECT s.sku, s.warehouse_id, w.code AS warehouse, w.priority, s.quantity, s.reserved
                FROM stock s JOIN warehouses w ON w.id = s.warehouse_id
                WHERE s.sku = :sku ORDER BY w.priority, w.code""")
                .param("sku", sku).query(STOCK_ROW).list();
    }

    /** Locks the given rows in a fixed order, so two transactions touching the same rows cannot deadlock. */
    void lockInOrder(Collection<StockKey> keys) {
        keys.stream().sorted().forEach(key -> jdbc.sql("SELECT 1 FROM stock WHERE sku = :sku AND warehouse_id = :warehouseId FOR NO KEY UPDATE")
                .param("sku", key.sku()).param("warehouseId", key.warehouseId()).query(Integer.class).optional());
    }

    void changeReserved(StockKey key, long delta) {
        jdbc.sql("UPDATE stock SET reserved = reserved + :delta, updated_at = now() WHERE sku = :sku AND warehouse_id = :warehouseId")
                .param("delta", delta).param("sku", key.sku()).param("warehouseId", key.warehouseId()).update();
    }

    /** Sold units leave both the shelf and the reservation. */
    void settle(StockKey key, long units) {
        jdbc.sql("""
                UPDATE stock SET quantity = quantity - :units, reserved = reserved - :units, updated_at = now()
                WHERE sku = :sku AND warehouse_id = :warehouseId""")
                .param("units", units).param("sku", key.sku()).param("warehouseId", key.warehouseId()).update();
    }

    void changeQuantity(StockKey key, long delta) {
        jdbc.sql("UPDATE stock SET quantity = quantity + :delta, updated_at = now() WHERE sku = :sku AND warehouse_id = :warehouseId")
                .param("delta", delta).param("sku", key.sku()).param("warehouseId", key.warehouseId()).update();
    }

    /** Creates the row at zero if missing, then locks it; returns its current quantity and reserved. */
    StockRow lockOrCreate(String sku, long warehouseId) {
        jdbc.sql("INSERT INTO stock (sku, warehouse_id, quantity) VALUES (:sku, :warehouseId, 0) ON CONFLICT DO NOTHING")
                .param("sku", sku).param("warehouseId", warehouseId).update();
        return jdbc.sql("""
                SELECT s.sku, s.warehouse_id, w.code AS warehouse, w.priority, s.quantity, s.reserved
                FROM stock s JOIN warehouses w ON w.id = s.warehouse_id
                WHERE s.sku = :sku AND s.warehouse_id = :warehouseId FOR NO KEY UPDATE OF s""")
                .param("sku", sku).param("warehouseId", warehouseId).query(STOCK_ROW).single();
    }

    Map<String, Long> available(Collection<String> skus) {
        Map<String, Long> available = new HashMap<>();
        jdbc.sql("SELECT sku, sum(quantity - reserved) FROM stock WHERE sku = ANY (:skus) GROUP BY sku")
                .param("skus", skus.toArray(String[]::new))
                .query(rs -> {
                    available.put(rs.getString(1), rs.getLong(2));
                });
        return available;
    }
}
