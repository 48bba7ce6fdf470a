-- Full-text search straight from the source-of-truth table, for when the search index is down.
-- PostgreSQL maintains the vector itself (a STORED generated column), so no writer can forget it and
-- no backfill job is needed. Title is weight A and description weight B, so ranking can count a
-- word in the title three times as much as one in the description.
--
-- Expand/contract: purely additive. Code that does not know the column keeps working (every INSERT
-- and UPDATE names its columns; GENERATED ALWAYS refuses only explicit writes to this one).
-- Cost: adding a stored generated column rewrites the table under an ACCESS EXCLUSIVE lock (about
-- 7 s per 100,000 products on the dev machine); on a large live catalog, run this in a maintenance
-- window or replace it with a plain column, a trigger and a batched backfill.
ALTER TABLE products
    ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', description), 'B')
        ) STORED;

-- Partial: only active products are ever searched, and every search query says `p.active`, so the
-- planner picks this index (checked with EXPLAIN) while it skips the deactivated rows.
CREATE INDEX products_active_search ON products USING gin (search_vector) WHERE active;
