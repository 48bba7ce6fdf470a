CREATE TABLE orders
(
    id               UUID PRIMARY KEY,
    owner            TEXT          NOT NULL, -- customer:<id> or session:<id>: only the owner may see the order
    customer_id      UUID,
    status           TEXT          NOT NULL CHECK (status IN ('pending_payment', 'paid', 'fulfilling', 'shipped',
                                                              'delivered', 'cancelled', 'refunded')),
    currency         CHAR(3)       NOT NULL,
    subtotal         NUMERIC(12, 2) NOT NULL CHECK (subtotal >= 0),
    discount         NUMERIC(12, 2) NOT NULL DEFAULT 0 CHECK (discount >= 0),
    total            NUMERIC(12, 2) NOT NULL CHECK (total >= 0),
    shipping_address JSONB         NOT NULL,
    payment_method   TEXT          NOT NULL,
    payment_token    TEXT          NOT NULL,
    hold_owner       TEXT          NOT NULL, -- whose holds these were, to hand them back if payment fails
    carrier          TEXT,
    tracking_number  TEXT,
    version          BIGINT        NOT NULL DEFAULT 1,
    created_at       TIMESTAMPTZ   NOT NULL,
    updated_at       TIMESTAMPTZ   NOT NULL
);
CREATE INDEX orders_by_owner ON orders (owner, created_at DESC, id DESC);
CREATE INDEX orders_by_status ON orders (status, created_at DESC, id DESC);
CREATE INDEX orders_by_time ON orders (created_at DESC, id DESC);
CREATE INDEX orders_pending_payment ON orders (updated_at) WHERE status = 'pending_payment';

CREATE TABLE order_lines
(
    order_id   UUID           NOT NULL REFERENCES orders (id),
    sku        TEXT           NOT NULL,
    position   INT            NOT NULL,
    title      TEXT           NOT NULL,
    quantity   INT            NOT NULL CHECK (quantity > 0),
    unit_price NUMERIC(12, 2) NOT NULL CHECK (unit_price >= 0),
    line_total NUMERIC(12, 2) NOT NULL CHECK (line_total >= 0),
    PRIMARY KEY (order_id, sku)
);

CREATE TABLE order_history
(
    id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id UUID        NOT NULL REFERENCES orders (id),
    status   TEXT        NOT NULL,
    at       TIMESTAMPTZ NOT NULL,
    note     TEXT
);
CREATE INDEX order_history_by_order ON order_history (order_id, id);

-- Idempotency keys of POST /api/orders, one per caller and key. The row is claimed before any work
-- (in_flight) and completed with the exact response, so a repeat gets the first answer back.
CREATE TABLE idempotency_keys
(
    owner           TEXT        NOT NULL,
    key             TEXT        NOT NULL,
    fingerprint     TEXT        NOT NULL,
    status          TEXT        NOT NULL CHECK (status IN ('in_flight', 'completed')),
    order_id        UUID,
    response_status INT,
    response_body   TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    completed_at    TIMESTAMPTZ,
    expires_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (owner, key),
    CHECK (status = 'in_flight' OR (response_status IS NOT NULL AND response_body IS NOT NULL))
);
CREATE INDEX idempotency_keys_by_expiry ON idempotency_keys (expires_at);
CREATE UNIQUE INDEX idempotency_keys_one_per_order ON idempotency_keys (order_id) WHERE order_id IS NOT NULL;
