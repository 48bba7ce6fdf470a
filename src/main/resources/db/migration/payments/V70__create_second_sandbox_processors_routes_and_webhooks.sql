-- Issue 14: payments route across several processors. Two more sandbox processors, sandbox-a and
-- sandbox-b, so that failover is real without a network: each keeps its own ledger, exactly as
-- sandbox_payments (V7) does, because two processors never share a database. Same columns, same
-- constraints, same partial unique indexes (one settlement per authorisation, one refund per capture).
CREATE TABLE sandbox_a_payments
(
    id              TEXT PRIMARY KEY,
    seq             BIGINT GENERATED ALWAYS AS IDENTITY,
    order_id        UUID          NOT NULL,
    kind            TEXT          NOT NULL CHECK (kind IN ('authorization', 'capture', 'refund', 'void')),
    amount          NUMERIC(12,2) NOT NULL CHECK (amount >= 0),
    currency        CHAR(3)       NOT NULL,
    status          TEXT          NOT NULL CHECK (status IN ('succeeded', 'declined')),
    decline_reason  TEXT,
    idempotency_key TEXT          NOT NULL UNIQUE,
    parent_id       TEXT REFERENCES sandbox_a_payments (id),
    token           TEXT,
    created_at      TIMESTAMPTZ   NOT NULL,
    CHECK ((status = 'declined') = (decline_reason IS NOT NULL)),
    CHECK ((kind = 'authorization') = (parent_id IS NULL))
);
CREATE INDEX sandbox_a_payments_by_order ON sandbox_a_payments (order_id, seq);
CREATE UNIQUE INDEX sandbox_a_payments_one_settlement_per_authorization ON sandbox_a_payments (parent_id)
    WHERE kind IN ('capture', 'void') AND status = 'succeeded';
CREATE UNIQUE INDEX sandbox_a_payments_one_refund_per_capture ON sandbox_a_payments (parent_id)
    WHERE kind = 'refund' AND status = 'succeeded';

CREATE TABLE sandbox_b_payments
(
    id              TEXT PRIMARY KEY,
    seq             BIGINT GENERATED ALWAYS AS IDENTITY,
    order_id        UUID          NOT NULL,
    kind            TEXT          NOT NULL CHECK (kind IN ('authorization', 'capture', 'refund', 'void')),
    amount          NUMERIC(12,2) NOT NULL CHECK (amount >= 0),
    currency        CHAR(3)       NOT NULL,
    status          TEXT          NOT NULL CHECK (status IN ('succeeded', 'declined')),
    decline_reason  TEXT,
    idempotency_key TEXT          NOT NULL UNIQUE,
    parent_id       TEXT REFERENCES sandbox_b_payments (id),
    token           TEXT,
    created_at      TIMESTAMPTZ   NOT NULL,
    CHECK ((status = 'declined') = (decline_reason IS NOT NULL)),
    CHECK ((kind = 'authorization') = (parent_id IS NULL))
);
CREATE INDEX sandbox_b_payments_by_order ON sandbox_b_payments (order_id, seq);
CREATE UNIQUE INDEX sandbox_b_payments_one_settlement_per_authorization ON sandbox_b_payments (parent_id)
    WHERE kind IN ('capture', 'void') AND status = 'succeeded';
CREATE UNIQUE INDEX sandbox_b_payments_one_refund_per_capture ON sandbox_b_payments (parent_id)
    WHERE kind = 'refund' AND status = 'succeeded';

-- Which processor an order's money is with. The first charge of an order claims the first processor of
-- the routing; a failover moves the row on only while no authorisation succeeded anywhere (pinned =
-- false), and an authorisation pins it only while the row still names its processor. Both are one
-- compare-and-set UPDATE on this row, so two concurrent charges of one order can never capture at two
-- processors: whichever loses the race follows the row (and voids its own authorisation, if it got one).
CREATE TABLE payment_routes
(
    order_id   UUID PRIMARY KEY,
    provider   TEXT        NOT NULL,
    pinned     BOOLEAN     NOT NULL DEFAULT false,
    -- processors that were down for this order before, oldest first: never tried again for it
    skipped    TEXT[]      NOT NULL DEFAULT '{}',
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    CHECK (NOT (provider = ANY (skipped)))
);

-- Signed processor notifications, stored by (provider, event id) in the transaction that publishes
-- them to the outbox: a re-delivery finds its row and changes nothing.
CREATE TABLE payment_webhook_events
(
    provider    TEXT        NOT NULL,
    event_id    TEXT        NOT NULL CHECK (length(event_id) BETWEEN 1 AND 255),
    type        TEXT        NOT NULL,
    order_id    UUID,
    body        TEXT        NOT NULL, -- the raw signed body, byte for byte as received (UTF-8)
    received_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (provider, event_id)
);
