-- The read-only view the orders module publishes for batch readers that learn from what was sold
-- (the recommendations module's "customers also bought"): one row per line of an order that was
-- paid and neither cancelled nor refunded, with the time it was placed. `orders` and `order_lines`
-- stay private to orders, so their columns may change behind this view. A plain view: the planner
-- inlines it, and a time range on ordered_at uses orders_by_time. Expand/contract: purely additive.
CREATE VIEW paid_order_lines AS
SELECT o.id AS order_id, o.created_at AS ordered_at, l.sku, l.quantity
FROM orders o
         JOIN order_lines l ON l.order_id = o.id
WHERE o.status IN ('paid', 'fulfilling', 'shipped', 'delivered');
