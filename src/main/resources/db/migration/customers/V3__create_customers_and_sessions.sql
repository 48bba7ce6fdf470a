CREATE TABLE customers
(
    id            UUID PRIMARY KEY,
    email         TEXT        NOT NULL CHECK (length(email) <= 254),
    name          TEXT        NOT NULL,
    password_hash TEXT        NOT NULL,
    roles         TEXT[]      NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
);
-- emails compare case-insensitively: Ann@x.com and ann@x.com are one account
CREATE UNIQUE INDEX customers_email_unique ON customers (lower(email));

-- A session is what a bearer token stands for. Only a SHA-256 of the token is stored, so a leaked
-- table does not leak usable tokens. Guest sessions have no customer.
CREATE TABLE sessions
(
    id          UUID PRIMARY KEY,
    token_hash  BYTEA       NOT NULL UNIQUE,
    customer_id UUID REFERENCES customers (id) ON DELETE CASCADE,
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    revoked_at  TIMESTAMPTZ
);
CREATE INDEX sessions_by_customer ON sessions (customer_id) WHERE customer_id IS NOT NULL;
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
