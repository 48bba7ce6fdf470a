-- The foreign key from holds to stock checked every hold row on its own, and in a flash sale's group
-- commit that check was the largest single cost: measured with pgbench on one 535-hold batch, 13.1 ms
-- with it and 8.3 ms without. It guarded nothing the code does not already guarantee: a hold is only
-- ever written after its stock row was read and locked in the same transaction (BatchGrants,
-- Reservations) or split from an existing hold, and stock rows are never deleted. The invariant is
-- still checked after every concurrent test (Invariants: no hold without its stock row).
ALTER TABLE holds DROP CONSTRAINT holds_sku_warehouse_id_fkey;
