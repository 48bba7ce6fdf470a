-- Each rollup bucket becomes several rows (shards), an order's contribution going to the shard of
-- its id; the reads already sum a bucket's rows. With one row per hour every paid order of the hour
-- queued on that row from its upsert to its commit, a WAL flush each, which capped the analytics feed
-- at about a hundred orders a second on the development machine (issue 13). Rows written before
-- this migration are shard 0.
ALTER TABLE sales_hourly ADD COLUMN shard SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE sales_hourly DROP CONSTRAINT sales_hourly_pkey;
ALTER TABLE sales_hourly ADD PRIMARY KEY (bucket, currency, shard);

ALTER TABLE sales_daily ADD COLUMN shard SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE sales_daily DROP CONSTRAINT sales_daily_pkey;
ALTER TABLE sales_daily ADD PRIMARY KEY (bucket, currency, shard);

ALTER TABLE product_sales_hourly ADD COLUMN shard SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE product_sales_hourly DROP CONSTRAINT product_sales_hourly_pkey;
ALTER TABLE product_sales_hourly ADD PRIMARY KEY (bucket, sku, currency, shard);

ALTER TABLE product_sales_daily ADD COLUMN shard SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE product_sales_daily DROP CONSTRAINT product_sales_daily_pkey;
ALTER TABLE product_sales_daily ADD PRIMARY KEY (bucket, sku, currency, shard);
