-- The read-only view the inventory module publishes for other modules that must know what can be
-- sold without calling Inventory per SKU (search's PostgreSQL fallback filters and boosts on
-- in-stock for every match). One row per SKU and warehouse with units left to sell; `stock` itself
-- stays private to inventory. A plain view, inlined by the planner, so reading it costs what
-- reading the table did. Expand/contract: purely additive.
CREATE VIEW sellable_stock AS
SELECT sku, warehouse_id, quantity - reserved AS available
FROM stock
WHERE quantity - reserved > 0;
