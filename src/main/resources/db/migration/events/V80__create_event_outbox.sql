-- Issue 15: domain events waiting to go to Kafka, written in the same transaction as the change that
-- published them (only while mercato.events.kafka.bootstrap-servers is set). The relay sends rows in id
-- order and deletes them once the broker acknowledged them, so the table holds only the backlog.
-- Why a table of our own and not Spring Modulith's event_publication: that registry orders nothing but by a
-- publication timestamp, and Modulith resubmits failed publications beside the live ones, so after an outage
-- an order's "paid" could reach Kafka before its "placed"; here one relay sends by a gapless-enough id.
-- Rows of one key (order, SKU, product) are written under that key's row lock, so their ids follow commit order.
CREATE TABLE event_outbox
(
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id    UUID        NOT NULL UNIQUE,
    topic       TEXT        NOT NULL CHECK (topic IN ('order-events', 'inventory-events', 'product-events')),
    event_key   TEXT        NOT NULL,
    event_type  TEXT        NOT NULL,
    payload     TEXT        NOT NULL, -- the JSON envelope exactly as it is sent
    occurred_at TIMESTAMPTZ NOT NULL
);
