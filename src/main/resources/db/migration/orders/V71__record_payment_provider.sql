-- Issue 14: payments route across several processors; each order records the one that handled its
-- payment (NULL until a processor answered: pending, or orders placed before routing existed).
ALTER TABLE orders ADD COLUMN payment_provider TEXT;
