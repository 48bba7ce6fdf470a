-- Test fixture (ExpandContractMigrationsTests): an expand step; nothing here can break the
-- previous release, so neither check may report anything.
ALTER TABLE orders ADD COLUMN gift_note TEXT;
ALTER TABLE orders ADD COLUMN channel TEXT NOT NULL DEFAULT 'web';
ALTER TABLE orders ALTER COLUMN payment_provider DROP NOT NULL;
CREATE TABLE order_tags
(
    order_id UUID NOT NULL REFERENCES orders (id),
    tag      TEXT NOT NULL,
    PRIMARY KEY (order_id, tag)
);
ALTER TABLE order_tags ADD COLUMN added_by TEXT NOT NULL;
ALTER TABLE order_tags RENAME COLUMN added_by TO tagged_by;
CREATE INDEX order_tags_by_tag ON order_tags (tag);
COMMENT ON COLUMN orders.gift_note IS 'a ''DROP COLUMN'' in a string is a value; so is this: RENAME';
DO $$
BEGIN
    RAISE NOTICE 'expand only';
END
$$;
