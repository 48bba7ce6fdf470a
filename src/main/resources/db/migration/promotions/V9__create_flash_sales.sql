-- A flash sale: a SKU at a special price, in a time window, for a limited number of units.
CREATE TABLE flash_sales
(
    id                 UUID PRIMARY KEY,
    sku                TEXT           NOT NULL,
    price              NUMERIC(12, 2) NOT NULL CHECK (price >= 0),
    currency           CHAR(3)        NOT NULL,
    starts_at          TIMESTAMPTZ    NOT NULL,
    ends_at            TIMESTAMPTZ    NOT NULL,
    quantity           INT            NOT NULL CHECK (quantity > 0),
    per_customer_limit INT            NOT NULL CHECK (per_customer_limit >= 1),
    claimed            INT            NOT NULL DEFAULT 0,
    created_at         TIMESTAMPTZ    NOT NULL,
    CHECK (ends_at > starts_at),
    CONSTRAINT flash_sale_quantity_never_exceeded CHECK (claimed BETWEEN 0 AND quantity)
);
CREATE INDEX flash_sales_by_sku ON flash_sales (sku, starts_at);

-- What each shopper claimed at the special price. The limit is copied onto the row so a CHECK can
-- enforce it: concurrent claims by one shopper serialise on this row and the database refuses any
-- that would go past the limit, whatever the application does.
CREATE TABLE flash_sale_claims
(
    flash_sale_id      UUID NOT NULL REFERENCES flash_sales (id),
    owner              TEXT NOT NULL,
    units              INT  NOT NULL,
    units_ordered      INT  NOT NULL DEFAULT 0,
    per_customer_limit INT  NOT NULL,
    PRIMARY KEY (flash_sale_id, owner),
    CONSTRAINT flash_sale_per_customer_limit CHECK (units BETWEEN 0 AND per_customer_limit),
    CHECK (units_ordered BETWEEN 0 AND units)
);

-- Which order used which claimed units: a declined payment hands them back for the retry.
CREATE TABLE flash_sale_redemptions
(
    order_id      UUID NOT NULL,
    flash_sale_id UUID NOT NULL REFERENCES flash_sales (id),
    owner         TEXT NOT NULL,
    units         INT  NOT NULL CHECK (units > 0),
    PRIMARY KEY (order_id, flash_sale_id)
);
