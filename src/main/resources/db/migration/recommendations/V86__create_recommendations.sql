-- "Customers also bought", rebuilt as a whole by a batch job (nightly and on demand). Every rebuild
-- writes its rows under a new build id and becomes visible by one flip of `current`, so readers see
-- the previous build, complete, until the new one is complete too; older builds are then deleted.
CREATE TABLE recommendation_builds
(
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id       UUID        NOT NULL,
    since        TIMESTAMPTZ NOT NULL, -- orders placed from here (now minus the window) ...
    until        TIMESTAMPTZ NOT NULL, -- ... up to here were read
    started_at   TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ,
    orders       BIGINT,
    products     BIGINT,
    pairs        BIGINT,
    current      BOOLEAN     NOT NULL DEFAULT FALSE
);
CREATE UNIQUE INDEX recommendation_builds_one_current ON recommendation_builds (current) WHERE current;

-- Working set of one build: the distinct products of each paid order in the window. UNLOGGED: it is
-- rebuilt from the orders on every run, so it need not survive a crash or cost WAL (2-3 rows per
-- order, millions of rows for a million orders). Deleted when the build finishes.
CREATE UNLOGGED TABLE recommendation_baskets
(
    build_id   BIGINT NOT NULL,
    order_id   UUID   NOT NULL,
    product_id BIGINT NOT NULL
);

-- How many orders in the window contain each product (the denominators of the cosine score), its
-- category, and whether it could be recommended when the build ran (active and in stock).
CREATE TABLE recommendation_product_orders
(
    build_id    BIGINT  NOT NULL,
    product_id  BIGINT  NOT NULL,
    category_id BIGINT  NOT NULL,
    orders      BIGINT  NOT NULL CHECK (orders > 0),
    sellable    BOOLEAN NOT NULL,
    PRIMARY KEY (build_id, product_id)
);

-- Top products bought together with each product, best first (rank 1). `together` is how many
-- orders held both; `score` the cosine similarity together / sqrt(orders(a) * orders(b)).
CREATE TABLE co_purchases
(
    build_id       BIGINT           NOT NULL,
    product_id     BIGINT           NOT NULL,
    rank           INT              NOT NULL CHECK (rank > 0),
    recommended_id BIGINT           NOT NULL CHECK (recommended_id <> product_id),
    together       BIGINT           NOT NULL CHECK (together > 0),
    score          DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (build_id, product_id, rank)
);

-- The fallback for a product nobody bought with anything: its category's best-sellers of the window.
CREATE TABLE category_bestsellers
(
    build_id    BIGINT NOT NULL,
    category_id BIGINT NOT NULL,
    rank        INT    NOT NULL CHECK (rank > 0),
    product_id  BIGINT NOT NULL,
    orders      BIGINT NOT NULL,
    PRIMARY KEY (build_id, category_id, rank)
);
