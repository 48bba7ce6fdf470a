-- Issue 13: whether the order was priced with a coupon, so its status changes need not be stored for the
-- coupons' listener when there is none (a publication, its marks and a transaction per paid order).
-- NULL: placed by a release that did not record it; those orders' changes are still stored for it.
ALTER TABLE orders ADD COLUMN with_coupon BOOLEAN;
