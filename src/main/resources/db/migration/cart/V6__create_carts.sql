-- One open cart per owner (a customer, or a guest session until the guest logs in).
CREATE TABLE carts
(
    id         UUID PRIMARY KEY,
    owner      TEXT        NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE cart_items
(
    cart_id  UUID        NOT NULL REFERENCES carts (id) ON DELETE CASCADE,
    sku      TEXT        NOT NULL,
    quantity INT         NOT NULL CHECK (quantity BETWEEN 1 AND 1000),
    added_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (cart_id, sku)
);
