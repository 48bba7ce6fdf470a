-- Coupon codes: a percentage or fixed discount in a validity window, optionally limited to SKUs or
-- category subtrees, to carts from a minimum subtotal, to a number of redemptions overall and per
-- customer. Codes are unique whatever their case, as shoppers type them.
CREATE TABLE coupons
(
    id                 UUID PRIMARY KEY,
    code               TEXT           NOT NULL CHECK (code ~ '^[A-Za-z0-9_-]{3,64}$'),
    kind               TEXT           NOT NULL CHECK (kind IN ('percentage', 'fixed')),
    value              NUMERIC(12, 2) NOT NULL CHECK (value > 0),
    currency           CHAR(3),
    min_subtotal       NUMERIC(12, 2) CHECK (min_subtotal >= 0),
    starts_at          TIMESTAMPTZ    NOT NULL,
    ends_at            TIMESTAMPTZ    NOT NULL,
    max_redemptions    INT CHECK (max_redemptions > 0),
    per_customer_limit INT CHECK (per_customer_limit > 0),
    skus               TEXT[]         NOT NULL DEFAULT '{}',
    categories         TEXT[]         NOT NULL DEFAULT '{}',
    -- redemptions held or counted against max_redemptions (maintained only when there is a maximum,
    -- so an unlimited coupon's checkouts never queue on this row)
    taken              INT            NOT NULL DEFAULT 0,
    created_at         TIMESTAMPTZ    NOT NULL,
    deactivated_at     TIMESTAMPTZ,
    CHECK (kind <> 'percentage' OR value <= 100),
    CHECK (kind <> 'fixed' OR currency IS NOT NULL),
    CHECK (min_subtotal IS NULL OR currency IS NOT NULL),
    -- ending a coupon early (DELETE) moves ends_at to now, so a window may end up empty
    CHECK (ends_at >= starts_at),
    -- the overall limit: concurrent checkouts serialise on this row and the database refuses the
    -- redemption past the maximum, whatever the application does
    CONSTRAINT coupon_max_redemptions CHECK (taken >= 0 AND (max_redemptions IS NULL OR taken <= max_redemptions))
);
CREATE UNIQUE INDEX coupons_by_code ON coupons (upper(code));
CREATE INDEX coupons_by_creation ON coupons (created_at DESC, id DESC);

-- Redemptions per customer of a coupon with a per-customer limit; the limit is copied onto the row
-- (as flash_sale_claims does) so a CHECK can enforce it on the row one customer's checkouts share.
CREATE TABLE coupon_customer_uses
(
    coupon_id          UUID NOT NULL REFERENCES coupons (id),
    owner              TEXT NOT NULL,
    taken              INT  NOT NULL,
    per_customer_limit INT  NOT NULL,
    PRIMARY KEY (coupon_id, owner),
    CONSTRAINT coupon_per_customer_limit CHECK (taken BETWEEN 0 AND per_customer_limit)
);

-- One coupon per order. 'held' from the checkout transaction that created the order until its
-- payment: holding counts against the limits, so the limits can never be passed by orders waiting
-- for their payment. 'redeemed' once the order is paid (the redemption counted); 'returned' when a
-- held order was not paid or a paid one was cancelled or refunded (the limits given back).
CREATE TABLE coupon_redemptions
(
    order_id    UUID PRIMARY KEY,
    coupon_id   UUID           NOT NULL REFERENCES coupons (id),
    owner       TEXT           NOT NULL,
    discount    NUMERIC(12, 2) NOT NULL CHECK (discount >= 0),
    currency    CHAR(3)        NOT NULL,
    state       TEXT           NOT NULL CHECK (state IN ('held', 'redeemed', 'returned')),
    taken_at    TIMESTAMPTZ    NOT NULL,
    redeemed_at TIMESTAMPTZ,
    returned_at TIMESTAMPTZ
);
CREATE INDEX coupon_redemptions_by_coupon ON coupon_redemptions (coupon_id, state);
