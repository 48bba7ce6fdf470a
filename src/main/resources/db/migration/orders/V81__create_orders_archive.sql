-- Issue 15: orders in a final state past the retention (2 years by default) move here, one JSONB
-- document per order, anonymised: the shipping address keeps only its country, the payment token is
-- dropped, the customer is kept as the owner key (so its owner still reads it) and an email hash.
-- Amounts, status and times stay as columns too, for analytics without unpacking documents.
-- An order is in exactly one of orders and orders_archive: a batch inserts here and deletes there in
-- one transaction, and the primary key refuses a second copy.
CREATE TABLE orders_archive
(
    id          UUID PRIMARY KEY,
    owner       TEXT           NOT NULL,
    customer_id UUID,
    status      TEXT           NOT NULL CHECK (status IN ('delivered', 'cancelled', 'refunded')),
    currency    CHAR(3)        NOT NULL,
    subtotal    NUMERIC(12, 2) NOT NULL,
    discount    NUMERIC(12, 2) NOT NULL,
    total       NUMERIC(12, 2) NOT NULL,
    created_at  TIMESTAMPTZ    NOT NULL,
    archived_at TIMESTAMPTZ    NOT NULL,
    document    JSONB          NOT NULL
);
CREATE INDEX orders_archive_by_owner ON orders_archive (owner, created_at DESC, id DESC);
CREATE INDEX orders_archive_by_time ON orders_archive (created_at DESC, id DESC);

-- what the archival job looks for: final-state orders, oldest first
CREATE INDEX orders_final_by_time ON orders (created_at, id) WHERE status IN ('delivered', 'cancelled', 'refunded');
