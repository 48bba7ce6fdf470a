package dev.mercato.inventory.internal;

import java.util.List;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.mercato.catalog.Catalog;
import dev.mercato.inventory.StockChanged;
import dev.mercato.platform.web.ProblemException;

/** Warehouses and on-hand quantities as operators manage them; every change is written to the ledger. */
@Service
public class StockAdmin {

    private final JdbcClient jdbc;
    private final StockRows stock;
    private final Ledger ledger;
    private final Catalog catalog;
    private final ApplicationEventPublisher events;

    StockAdmin(JdbcClient jdbc, StockRows stock, Ledger ledger, Catalog catalog, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.stock = stock;
        this.ledger = ledger;
        this.catalog = catalog;
        this.events = events;
    }

    public record Warehouse(long id, String code, String name, int priority) {
    }

    public record StockLevel(String sku, String warehouse, long quantity, long reserved, long available) {
    }

    @Transactional
    public Warehouse createWarehouse(String code, String name, int priority) {
        try {
            long id = jdbc.sql("INSERT INTO warehouses (code, name, priority) VALUES (:code, :name, :priority) RETURNING id")
                    .param("code", code).param("name", name).param("priority", priority).query(Long.class).single();
            return new Warehouse(id, code, name, priority);
        } catch (DuplicateKeyException e) {
            throw ProblemException.conflict("warehouse-exists", "A warehouse with code '" + code + "' already exists");
        }
    }

    public List<Warehouse> warehouses() {
        return jdbc.sql("SELECT id, code, name, priority FROM warehouses ORDER BY priority, code").query(Warehouse.class).list();
    }

    /** Sets on-hand units; refused below what is reserved, since those units are promised to shoppers. */
    @Transactional
    public StockLevel setQuantity(String sku, String warehouseCode, long quantity, String reason) {
        return change(sku, warehouseCode, current -> quantity, "set", reason);
    }

    @Transactional
    public StockLevel adjust(String sku, String warehouseCode, long delta, String reason) {
        return change(sku, warehouseCode, current -> current + delta, delta > 0 ? "restock" : "adjust", reason);
    }

    public List<StockLevel> levels(String sku) {
        requireKnownSku(sku);
        return stock.rows(sku).stream()
                .map(row -> new StockLevel(sku, row.warehouse(), row.quantity(), row.reserved(), row.available())).toList();
    }

    private StockLevel change(String sku, String warehouseCode, java.util.function.LongUnaryOperator newQuantity,
            String kind, String reason) {
        requireKnownSku(sku);
        long warehouseId = warehouseId(warehouseCode).orElseThrow(() -> ProblemException.notFound("warehouse", warehouseCode));
        StockRows.StockRow row = stock.lockOrCreate(sku, warehouseId);
        long target = newQuantity.applyAsLong(row.quantity());
        if (target < 0) {
            throw ProblemException.conflict("negative-stock", "Cannot go to " + target + " units: on-hand stock cannot be negative")
                    .with("quantity", row.quantity());
        }
        if (target < row.reserved()) {
            throw ProblemException.conflict("below-reserved", "Cannot go to " + target + " units: " + row.reserved()
                    + " are held for shoppers").with("reserved", row.reserved());
        }
        StockKey key = new StockKey(sku, warehouseId);
        stock.changeQuantity(key, target - row.quantity());
        ledger.record(key, target - row.quantity(), 0, kind, reason, "admin");
        events.publishEvent(new StockChanged(sku, stock.available(List.of(sku)).getOrDefault(sku, 0L)));
        return new StockLevel(sku, warehouseCode, target, row.reserved(), target - row.reserved());
    }

    private Optional<Long> warehouseId(String code) {
        return jdbc.sql("SELECT id FROM warehouses WHERE code = :code").param("code", code).query(Long.class).optional();
    }

    private void requireKnownSku(String sku) {
        if (catalog.sku(sku).isEmpty()) {
            throw ProblemException.notFound("SKU", sku);
        }
    }
}
