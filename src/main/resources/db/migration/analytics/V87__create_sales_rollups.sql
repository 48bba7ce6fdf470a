-- Sales analytics, maintained incrementally from the orders module's events (OrderPlaced,
-- OrderStatusChanged) instead of scanning orders on every chart read.
--
-- What an order contributes is decided from the facts below, not from the order of the events
-- (they are delivered asynchronously and at least once): an order counts while it is known to be
-- placed (its time and lines have arrived) and paid, and not cancelled or refunded. A change of that
-- answer adds or subtracts the order's contribution, in the hour and day the order was PLACED, so
-- the series always equals an aggregate over the orders themselves.

-- Processed events: a re-delivered event finds its row and is skipped. Written in the transaction
-- that applies the event, so an event is either applied and recorded or neither.
CREATE TABLE analytics_processed_events
(
    order_id     UUID        NOT NULL,
    event        TEXT        NOT NULL, -- 'placed' or 'status:<to>'; each status is reached at most once per order
    processed_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (order_id, event)
);

CREATE TABLE analytics_orders
(
    order_id    UUID PRIMARY KEY,
    placed_at   TIMESTAMPTZ,            -- from OrderStatusChanged(null -> pending_payment)
    currency    CHAR(3),                -- from OrderPlaced, with total and lines
    total       NUMERIC(12, 2),
    lines_known BOOLEAN NOT NULL DEFAULT FALSE,
    paid        BOOLEAN NOT NULL DEFAULT FALSE, -- reached paid (or any later status)
    ended       BOOLEAN NOT NULL DEFAULT FALSE, -- reached cancelled or refunded: final, never counts again
    -- its contribution is in the rollups now. No CHECK ties it to the facts above: an event first
    -- merges its fact and only then, in the same transaction, moves the contribution and this flag.
    counted     BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE analytics_order_lines
(
    order_id   UUID           NOT NULL REFERENCES analytics_orders (order_id),
    sku        TEXT           NOT NULL,
    product_id BIGINT,                  -- the catalog's product of the SKU when the order was placed
    quantity   INT            NOT NULL CHECK (quantity > 0),
    revenue    NUMERIC(12, 2) NOT NULL, -- unit price x quantity, before order-level discounts
    PRIMARY KEY (order_id, sku)
);

-- The rollups: plain tables partitioned by month on the bucket's start (UTC). Partitions are made
-- by analytics_ensure_month below, called by the application the first time it meets a month.
CREATE TABLE sales_hourly
(
    bucket   TIMESTAMPTZ    NOT NULL,
    currency CHAR(3)        NOT NULL,
    orders   BIGINT         NOT NULL,
    units    BIGINT         NOT NULL,
    revenue  NUMERIC(16, 2) NOT NULL,
    PRIMARY KEY (bucket, currency)
) PARTITION BY RANGE (bucket);

CREATE TABLE sales_daily
(
    bucket   TIMESTAMPTZ    NOT NULL,
    currency CHAR(3)        NOT NULL,
    orders   BIGINT         NOT NULL,
    units    BIGINT         NOT NULL,
    revenue  NUMERIC(16, 2) NOT NULL,
    PRIMARY KEY (bucket, currency)
) PARTITION BY RANGE (bucket);

CREATE TABLE product_sales_hourly
(
    bucket     TIMESTAMPTZ    NOT NULL,
    sku        TEXT           NOT NULL,
    currency   CHAR(3)        NOT NULL,
    product_id BIGINT,
    orders     BIGINT         NOT NULL,
    units      BIGINT         NOT NULL,
    revenue    NUMERIC(16, 2) NOT NULL,
    PRIMARY KEY (bucket, sku, currency)
) PARTITION BY RANGE (bucket);

CREATE TABLE product_sales_daily
(
    bucket     TIMESTAMPTZ    NOT NULL,
    sku        TEXT           NOT NULL,
    currency   CHAR(3)        NOT NULL,
    product_id BIGINT,
    orders     BIGINT         NOT NULL,
    units      BIGINT         NOT NULL,
    revenue    NUMERIC(16, 2) NOT NULL,
    PRIMARY KEY (bucket, sku, currency)
) PARTITION BY RANGE (bucket);

-- Makes the four partitions of the month containing `at` unless they exist. Serialised by an
-- advisory lock so two first writers of a month do not both try to create them.
CREATE FUNCTION analytics_ensure_month(at TIMESTAMPTZ) RETURNS VOID
    LANGUAGE plpgsql AS
$$
DECLARE
    month_start TIMESTAMPTZ := date_trunc('month', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
    month_end   TIMESTAMPTZ := (date_trunc('month', at AT TIME ZONE 'UTC') + INTERVAL '1 month') AT TIME ZONE 'UTC';
    suffix      TEXT        := to_char(at AT TIME ZONE 'UTC', 'YYYY_MM');
    parent      TEXT;
BEGIN
    FOREACH parent IN ARRAY ARRAY ['sales_hourly', 'sales_daily', 'product_sales_hourly', 'product_sales_daily']
        LOOP
            IF to_regclass(parent || '_' || suffix) IS NULL THEN
                PERFORM pg_advisory_xact_lock(hashtext('analytics_ensure_month'));
                IF to_regclass(parent || '_' || suffix) IS NULL THEN
                    EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
                                   parent || '_' || suffix, parent, month_start, month_end);
                END IF;
            END IF;
        END LOOP;
END;
$$;

-- The months around the migration, so the first orders after a deployment never wait on DDL.
SELECT analytics_ensure_month(now() + make_interval(months => m))
FROM generate_series(-3, 12) AS m;

CREATE INDEX product_sales_hourly_by_product ON product_sales_hourly (product_id, bucket);
CREATE INDEX product_sales_daily_by_product ON product_sales_daily (product_id, bucket);
