-- Read-only views the catalog publishes for the search module's PostgreSQL fallback, so search reads
-- a contract the catalog owns instead of its tables: the catalog may rename or split columns behind
-- these views without breaking search. Only active rows are shown, which is all search may ever see.
--
-- They are plain (not materialised) views, so PostgreSQL inlines them into the search statement:
-- `WHERE active` of searchable_products matches the predicate of products_active_search (V10), and
-- the planner keeps the same plans the statement had on the tables (checked with EXPLAIN).
-- Expand/contract: purely additive.
CREATE VIEW searchable_products AS
SELECT id, slug, title, brand_id, category_id, rating, review_count, media ->> 0 AS image_url, search_vector
FROM products
WHERE active;

CREATE VIEW searchable_variants AS
SELECT sku, product_id, price, currency
FROM product_variants
WHERE active;

CREATE VIEW searchable_brands AS
SELECT id, name, slug
FROM brands;

CREATE VIEW searchable_categories AS
SELECT id, path
FROM categories;
