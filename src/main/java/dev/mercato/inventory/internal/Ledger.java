package dev.mercato.inventory.internal;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The stock movement ledger: appended in the same transaction as the movement it records. */
@Repository
class Ledger {

    private final JdbcClient jdbc;

    Ledger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void record(StockKey key, long quantityDelta, long reservedDelta, String kind, String reason, String reference) {
        jdbc.sql("""
                INSERT INTO stock_movements (sku, warehouse_id, quantity_delta, reserved_delta, kind, reason, reference)
                VALUES (:sku, :warehouseId, :quantityDelta, :reservedDelta, :kind, :reason, :reference)""")
                .param("sku", key.sku()).param("warehouseId", key.warehouseId()).param("quantityDelta", quantityDelta)
                .param("reservedDelta", reservedDelta).param("kind", kind).param("reason", reason).param("reference", reference)
                .update();
    }
}
