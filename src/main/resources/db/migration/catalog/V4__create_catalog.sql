-- Categories form a tree; `path` (slugs joined by '/', e.g. home/lighting/lamps) is materialised so
-- "this category and everything under it" is one index range scan on path.
CREATE TABLE categories
(
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    parent_id BIGINT REFERENCES categories (id),
    name      TEXT NOT NULL,
    path      TEXT NOT NULL UNIQUE CHECK (path ~ '^[a-z0-9]+(-[a-z0-9]+)*(/[a-z0-9]+(-[a-z0-9]+)*)*$'),
    depth     INT  NOT NULL CHECK (depth >= 1)
);
CREATE INDEX categories_by_path_prefix ON categories (path text_pattern_ops);
CREATE INDEX categories_by_parent ON categories (parent_id);

CREATE TABLE brands
(
    id   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE
);

CREATE TABLE products
(
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug         TEXT        NOT NULL UNIQUE,
    title        TEXT        NOT NULL,
    description  TEXT        NOT NULL DEFAULT '',
    brand_id     BIGINT      NOT NULL REFERENCES brands (id),
    category_id  BIGINT      NOT NULL REFERENCES categories (id),
    attributes   JSONB       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(attributes) = 'object'),
    media        JSONB       NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(media) = 'array'),
    rating       NUMERIC(2, 1) CHECK (rating BETWEEN 0 AND 5),
    review_count INT         NOT NULL DEFAULT 0 CHECK (review_count >= 0),
    active       BOOLEAN     NOT NULL DEFAULT TRUE,
    version      BIGINT      NOT NULL DEFAULT 1,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- Browse is keyset-paginated on id over active products, optionally narrowed to a category subtree
-- or a brand; each access path has its own partial index so no browse query scans the table.
CREATE INDEX products_active_by_id ON products (id) WHERE active;
CREATE INDEX products_active_by_category ON products (category_id, id) WHERE active;
CREATE INDEX products_active_by_brand ON products (brand_id, id) WHERE active;

-- A SKU belongs to one product for ever (orders refer to it), so variants are deactivated, never reused.
CREATE TABLE product_variants
(
    sku        TEXT           NOT NULL PRIMARY KEY CHECK (sku ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    product_id BIGINT         NOT NULL REFERENCES products (id),
    position   INT            NOT NULL,
    title      TEXT           NOT NULL,
    price      NUMERIC(12, 2) NOT NULL CHECK (price >= 0),
    currency   CHAR(3)        NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    attributes JSONB          NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(attributes) = 'object'),
    active     BOOLEAN        NOT NULL DEFAULT TRUE
);
CREATE INDEX product_variants_by_product ON product_variants (product_id, position);
