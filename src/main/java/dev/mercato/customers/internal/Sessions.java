package dev.mercato.customers.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.mercato.platform.security.Caller;

@Repository
class Sessions {

    private final JdbcClient jdbc;

    Sessions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UUID sessionId, byte[] tokenHash, UUID customerId, Instant now, Instant expiresAt) {
        jdbc.sql("""
                INSERT INTO sessions (id, token_hash, customer_id, created_at, expires_at)
                VALUES (:id, :hash, :customerId, :now, :expiresAt)""")
                .param("id", sessionId).param("hash", tokenHash).param("customerId", customerId)
                .param("now", Timestamp.from(now)).param("expiresAt", Timestamp.from(expiresAt))
                .update();
    }

    /** The live session of a token with its current roles (role changes apply without a new login). */
    /** A live session and the instant it stops being live, so a cached copy can expire exactly then. */
    record LiveSession(Caller caller, Instant expiresAt) {
    }

    Optional<LiveSession> findLive(byte[] tokenHash, Instant now) {
        return jdbc.sql("""
                SELECT s.id, s.customer_id, s.expires_at, c.roles FROM sessions s LEFT JOIN customers c ON c.id = s.customer_id
                WHERE s.token_hash = :hash AND s.revoked_at IS NULL AND s.expires_at > :now""")
                .param("hash", tokenHash).param("now", Timestamp.from(now))
                .query((rs, n) -> {
                    UUID customerId = rs.getObject("customer_id", UUID.class);
                    Set<String> roles = customerId == null ? Set.of(Caller.ROLE_GUEST) : Customers.roles(rs.getArray("roles"));
                    return new LiveSession(new Caller(rs.getObject("id", UUID.class), customerId, roles),
                            rs.getTimestamp("expires_at").toInstant());
                })
                .optional();
    }

    boolean revoke(byte[] tokenHash, Instant now) {
        return jdbc.sql("UPDATE sessions SET revoked_at = :now WHERE token_hash = :hash AND revoked_at IS NULL")
                .param("now", Timestamp.from(now)).param("hash", tokenHash)
                .update() > 0;
    }

    int deleteExpiredBefore(Instant cutoff) {
        return jdbc.sql("DELETE FROM sessions WHERE expires_at < :cutoff")
                .param("cutoff", Timestamp.from(cutoff))
                .update();
    }
}
