-- The sandbox provider's own ledger: what a real processor keeps on its side, so that the sandbox
-- behaves like one (idempotency keys, declines, look-ups) and an operator can audit every charge.
CREATE TABLE sandbox_payments
(
    id              TEXT PRIMARY KEY,
    -- insertion order, to list an order's entries oldest first even when timestamps tie
    seq             BIGINT GENERATED ALWAYS AS IDENTITY,
    order_id        UUID          NOT NULL,
    kind            TEXT          NOT NULL CHECK (kind IN ('authorization', 'capture', 'refund', 'void')),
    amount          NUMERIC(12,2) NOT NULL CHECK (amount >= 0),
    currency        CHAR(3)       NOT NULL,
    status          TEXT          NOT NULL CHECK (status IN ('succeeded', 'declined')),
    decline_reason  TEXT,
    -- one row per key: a retried call, however concurrent, finds the first call's row
    idempotency_key TEXT          NOT NULL UNIQUE,
    -- the authorisation a capture or void settles, the capture a refund returns
    parent_id       TEXT REFERENCES sandbox_payments (id),
    token           TEXT,
    created_at      TIMESTAMPTZ   NOT NULL,
    CHECK ((status = 'declined') = (decline_reason IS NOT NULL)),
    CHECK ((kind = 'authorization') = (parent_id IS NULL))
);
CREATE INDEX sandbox_payments_by_order ON sandbox_payments (order_id, seq);

-- An authorisation is settled once: captured or voided, never both, never twice, whatever the keys.
CREATE UNIQUE INDEX sandbox_payments_one_settlement_per_authorization ON sandbox_payments (parent_id)
    WHERE kind IN ('capture', 'void') AND status = 'succeeded';

-- A capture is refunded at most once: the sandbox knows no series of partial refunds.
CREATE UNIQUE INDEX sandbox_payments_one_refund_per_capture ON sandbox_payments (parent_id)
    WHERE kind = 'refund' AND status = 'succeeded';
