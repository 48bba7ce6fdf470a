-- contract: expanded in V88: the release that shipped V88 reads and writes gift_note only
-- Test fixture (ExpandContractMigrationsTests): a contract step, allowed once V88 is released.
ALTER TABLE orders DROP COLUMN gift_message;
