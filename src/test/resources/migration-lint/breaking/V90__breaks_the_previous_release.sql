-- Test fixture (ExpandContractMigrationsTests): every statement here breaks the release before it,
-- which still runs on this schema during a blue-green cutover. Valid SQL on the real schema, so
-- Flyway applies it and the schema comparison must report each one too.
ALTER TABLE orders RENAME COLUMN payment_method TO payment_kind;
ALTER TABLE order_lines ALTER COLUMN title TYPE VARCHAR(200);
ALTER TABLE orders ALTER COLUMN customer_id SET NOT NULL;
ALTER TABLE carts ADD COLUMN channel TEXT NOT NULL;
ALTER TABLE order_lines DROP COLUMN line_total;
