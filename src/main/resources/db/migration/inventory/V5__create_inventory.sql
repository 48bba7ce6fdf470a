-- Warehouses are allocated from in priority order: a lower number is drawn from first.
CREATE TABLE warehouses
(
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code       TEXT        NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9_-]{1,32}$'),
    name       TEXT        NOT NULL,
    priority   INT         NOT NULL DEFAULT 100,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- One row per SKU and warehouse. `reserved` counts every live hold (active, committed or sold but
-- not yet settled), so `quantity - reserved` is exactly what can still be sold, and the CHECKs make
-- a negative amount impossible whatever the application does.
CREATE TABLE stock
(
    sku          TEXT        NOT NULL,
    warehouse_id BIGINT      NOT NULL REFERENCES warehouses (id),
    quantity     BIGINT      NOT NULL CHECK (quantity >= 0),
    reserved     BIGINT      NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (sku, warehouse_id),
    CONSTRAINT stock_available_never_negative CHECK (reserved <= quantity)
);

-- A hold keeps units for an owner (a cart) until it expires, is released, or is committed to an order.
-- Life: active -> committed (order placed) -> sold (paid) -> settled (folded into stock.quantity),
-- or active/committed/sold -> released, active -> expired.
CREATE TABLE holds
(
    id           UUID PRIMARY KEY,
    sku          TEXT        NOT NULL,
    warehouse_id BIGINT      NOT NULL,
    quantity     INT         NOT NULL CHECK (quantity > 0),
    owner        TEXT        NOT NULL,
    state        TEXT        NOT NULL CHECK (state IN ('active', 'committed', 'sold', 'settled', 'released', 'expired')),
    order_id     UUID,
    expires_at   TIMESTAMPTZ NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    FOREIGN KEY (sku, warehouse_id) REFERENCES stock (sku, warehouse_id),
    CHECK (state IN ('active', 'released', 'expired') OR order_id IS NOT NULL)
);
CREATE INDEX holds_active_by_expiry ON holds (expires_at) WHERE state = 'active';
CREATE INDEX holds_active_by_owner ON holds (owner, sku) WHERE state = 'active';
CREATE INDEX holds_by_order ON holds (order_id) WHERE order_id IS NOT NULL;
CREATE INDEX holds_sold_unsettled ON holds (updated_at) WHERE state = 'sold';
CREATE INDEX holds_live_by_stock ON holds (sku, warehouse_id) WHERE state IN ('active', 'committed', 'sold');

-- Every change of on-hand quantity (and every release of reserved units), with its reason: summing
-- quantity_delta per stock row gives its quantity, so the ledger can always be audited.
CREATE TABLE stock_movements
(
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sku            TEXT        NOT NULL,
    warehouse_id   BIGINT      NOT NULL,
    quantity_delta BIGINT      NOT NULL,
    reserved_delta BIGINT      NOT NULL DEFAULT 0,
    kind           TEXT        NOT NULL CHECK (kind IN ('set', 'adjust', 'sale', 'release', 'expire', 'restock', 'return')),
    reason         TEXT,
    reference      TEXT,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX stock_movements_by_stock ON stock_movements (sku, warehouse_id, id);
