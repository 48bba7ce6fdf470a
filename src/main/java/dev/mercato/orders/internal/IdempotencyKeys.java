package dev.mercato.orders.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
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

    record Stored(String fingerprint, String status, UUID orderId, Integer responseStatus, String responseBody, Instant createdAt) {
        boolean completed() {
            return "completed".equals(status);
        }
    }

    /** @return true when this call claimed the key; false when it existed already */
    boolean claim(Owner owner, String key, String fingerprint, Instant now) {
        return jdbc.sql("""
                INSERT INTO idempotency_keys (owner, key, fingerprint, status, created_at, expires_at)
                VALUES (:owner, :key, :fingerprint, 'in_flight', :now, :expiresAt)
                ON CONFLICT (owner, key) DO NOTHING""")
                .param("owner", owner.key()).param("key", key).param("fingerprint", fingerprint)
                .param("now", Timestamp.from(now)).param("expiresAt", Timestamp.from(now.plus(RETENTION)))
                .update() == 1;
    }

    Optional<Stored> find(Owner owner, String key) {
        return jdbc.sql("""
                SELECT fingerprint, status, order_id, response_status, response_body, created_at
                FROM idempotency_keys WHERE owner = :owner AND key = :key""")
                .param("owner", owner.key()).param("key", key).query(Stored.class).optional();
    }

    void attachOrder(Owner owner, String key, OrderId orderId) {
        jdbc.sql("UPDATE idempotency_keys SET order_id = :orderId WHERE owner = :owner AND key = :key")
                .param("orderId", orderId.value()).param("owner", owner.key()).param("key", key).update();
    }

    void complete(Owner owner, String key, int status, String body, Instant now) {
        jdbc.sql("""
                UPDATE idempotency_keys SET status = 'completed', response_status = :status, response_body = :body, completed_at = :now
                WHERE owner = :owner AND key = :key AND status = 'in_flight'""")
                .param("status", status).param("body", body).param("now", Timestamp.from(now))
                .param("owner", owner.key()).param("key", key).update();
    }

    void completeForOrder(UUID orderId, int status, String body, Instant now) {
        jdbc.sql("""
                UPDATE idempotency_keys SET status = 'completed', response_status = :status, response_body = :body, completed_at = :now
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
