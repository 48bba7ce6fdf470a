-- Issue 12: an interrupted checkout is resumed by a retry with its own Idempotency-Key (after Stripe's
-- recovery points). The key row records how far the checkout got, and who drives it now:
--   started            the key is claimed, no order exists (or recovery cancelled the order before any
--                      charge and rewound the key: the retry places the order again)
--   order_created      phase 1 committed a pending order with its holds
--   payment_attempted  the provider may have been called (with the order's own idempotency keys)
--   finished           the stored response is final
-- locked_at is a lease: the request, retry or recovery run that set it last drives the checkout;
-- another may take over only once the lease has run out (the holder died). NULL: nobody holds it.
ALTER TABLE idempotency_keys
    ADD COLUMN recovery_point TEXT NOT NULL DEFAULT 'started'
        CHECK (recovery_point IN ('started', 'order_created', 'payment_attempted', 'finished')),
    ADD COLUMN locked_at TIMESTAMPTZ;

UPDATE idempotency_keys SET recovery_point = 'finished' WHERE status = 'completed';
UPDATE idempotency_keys SET recovery_point = 'order_created', locked_at = created_at WHERE status = 'in_flight' AND order_id IS NOT NULL;
UPDATE idempotency_keys SET locked_at = created_at WHERE status = 'in_flight' AND order_id IS NULL;

ALTER TABLE idempotency_keys
    ADD CONSTRAINT idempotency_keys_finished_when_completed CHECK ((status = 'completed') = (recovery_point = 'finished')),
    ADD CONSTRAINT idempotency_keys_order_after_started CHECK ((recovery_point = 'started') = (order_id IS NULL) OR status = 'completed');
