package dev.mercato.orders.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.mercato.platform.commerce.OrderId;
import dev.mercato.platform.commerce.Owner;

/**
 * Idempotency keys in PostgreSQL. Claiming is a single {@code INSERT ... ON CONFLICT DO NOTHING}
 * committed on its own, so of any number of concurrent requests with one key exactly one proceeds;
 * the others read the row and are told "in flight", "different body" or the stored response.
 */
@Repository
class IdempotencyKeys {

    static final Duration RETENTION = Duration.ofHours(24);

    private final JdbcClient jdbc;

    IdempotencyKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Stored(String fingerprint, String status, UUID orderId, Integer responseStatus, String responseBody, Instant createdAt,
            String recoveryPoint) {
        boolean completed() {
            return "completed".equals(status);
        }
    }

    /** @return true when this call claimed the key; false when it existed already */
    boolean claim(Owner owner, String key, String fingerprint, Instant now) {
        return jdbc.sql("""
                INSERT INTO idempotency_keys (owner, key, fingerprint, status, recovery_point, locked_at, created_at, expires_at)
                VALUES (:owner, :key, :fingerprint, 'in_flight', 'started', :now, :now, :expiresAt)
                ON CONFLICT (owner, key) DO NOTHING""")
                .param("owner", owner.key()).param("key", key).param("fingerprint", fingerprint)
                .param("now", Timestamp.from(now)).param("expiresAt", Timestamp.from(now.plus(RETENTION)))
                .update() == 1;
    }

    Optional<Stored> find(Owner owner, String key) {
        return jdbc.sql("""
                SELECT fingerprint, status, order_id, response_status, response_body, created_at, recovery_point
                FROM idempotency_keys WHERE owner = :owner AND key = :key""")
                .param("owner", owner.key()).param("key", key).query(Stored.class).optional();
    }

    /**
     * Takes over an in-flight key whose lease ran out (its holder died) or that nobody holds; the row
     * lock makes it one taker of any number of concurrent ones.
     *
     * @return the key as the taker resumes it; empty when it is finished or someone else holds it
     */
    Optional<Stored> takeOver(Owner owner, String key, Instant now, Duration lease) {
        return jdbc.sql("""
                UPDATE idempotency_keys SET locked_at = :now
                WHERE owner = :owner AND key = :key AND status = 'in_flight' AND (locked_at IS NULL OR locked_at < :expired)
                RETURNING fingerprint, status, order_id, response_status, response_body, created_at, recovery_point""")
                .param("now", Timestamp.from(now)).param("expired", Timestamp.from(now.minus(lease)))
                .param("owner", owner.key()).param("key", key).query(Stored.class).optional();
    }

    /**
     * Recovery's turn at an order: true when the order's key is finished, gone, or its lease ran out
     * (then recovery holds it now); false while a request or retry holds it.
     */
    boolean leaseForRecovery(UUID orderId, Instant now, Duration lease) {
        List<Timestamp> held = jdbc.sql("SELECT locked_at FROM idempotency_keys WHERE order_id = :orderId AND status = 'in_flight' FOR UPDATE")
                .param("orderId", orderId).query(Timestamp.class).list();
        if (held.isEmpty()) {
            return true;
        }
        if (held.getFirst() != null && !held.getFirst().toInstant().isBefore(now.minus(lease))) {
            return false;
        }
        jdbc.sql("UPDATE idempotency_keys SET locked_at = :now WHERE order_id = :orderId")
                .param("now", Timestamp.from(now)).param("orderId", orderId).update();
        return true;
    }

    /**
     * Recovery point payment_attempted, in phase 1's transaction: the order exists and its charge is
     * the very next step, so the two points (order_created, then payment_attempted before the
     * provider is called) are recorded in one commit. Nothing tells them apart when a checkout is
     * resumed or recovered: either way the provider is asked under the order's own keys, which moved
     * money at most once. Renews the lease.
     *
     * @return false when the key has an order already (or is finished): phase 1 must roll back, so one
     *         key never gets two orders, whatever leases did
     */
    boolean attachOrder(Owner owner, String key, OrderId orderId, Instant now) {
        return jdbc.sql("""
                UPDATE idempotency_keys SET order_id = :orderId, recovery_point = 'payment_attempted', locked_at = :now
                WHERE owner = :owner AND key = :key AND status = 'in_flight' AND order_id IS NULL""")
                .param("orderId", orderId.value()).param("now", Timestamp.from(now)).param("owner", owner.key()).param("key", key)
                .update() == 1;
    }

    /**
     * Recovery cancelled the order before any money moved: the key goes back to its first recovery
     * point, free, so a retry with it places the order again (re-priced, stock re-held).
     *
     * @return true when a key was rewound
     */
    boolean rewind(UUID orderId) {
        return jdbc.sql("""
                UPDATE idempotency_keys SET order_id = NULL, recovery_point = 'started', locked_at = NULL
                WHERE order_id = :orderId AND status = 'in_flight'""")
                .param("orderId", orderId).update() == 1;
    }

    void complete(Owner owner, String key, int status, String body, Instant now) {
        jdbc.sql("""
                UPDATE idempotency_keys SET status = 'completed', recovery_point = 'finished', response_status = :status, response_body = :body, completed_at = :now
                WHERE owner = :owner AND key = :key AND status = 'in_flight'""")
                .param("status", status).param("body", body).param("now", Timestamp.from(now))
                .param("owner", owner.key()).param("key", key).update();
    }

    void completeForOrder(UUID orderId, int status, String body, Instant now) {
        jdbc.sql("""
                UPDATE idempotency_keys SET status = 'completed', recovery_point = 'finished', response_status = :status, response_body = :body, completed_at = :now
                WHERE order_id = :orderId AND status = 'in_flight'""")
                .param("status", status).param("body", body).param("now", Timestamp.from(now)).param("orderId", orderId).update();
    }

    /** Frees a key whose request failed before it created anything, so the client may retry with it. */
    void release(Owner owner, String key) {
        jdbc.sql("DELETE FROM idempotency_keys WHERE owner = :owner AND key = :key AND status = 'in_flight' AND order_id IS NULL")
                .param("owner", owner.key()).param("key", key).update();
    }

    /** Removes expired keys, and in-flight keys that never got an order (their request died before phase 1 committed). */
    int purge(Instant now, Duration abandonedAfter) {
        return jdbc.sql("""
                DELETE FROM idempotency_keys
                WHERE expires_at < :now OR (status = 'in_flight' AND order_id IS NULL AND created_at < :abandoned)""")
                .param("now", Timestamp.from(now)).param("abandoned", Timestamp.from(now.minus(abandonedAfter))).update();
    }
}
