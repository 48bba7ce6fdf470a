package dev.mercato.payments.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.mercato.payments.internal.LedgerEntry.Kind;

/**
 * A sandbox processor's ledger in PostgreSQL: {@code sandbox_payments} for {@code sandbox},
 * {@code sandbox_a_payments} and {@code sandbox_b_payments} for the two routed ones (V70). Each
 * processor has its own table, as two real processors share nothing.
 */
final class SandboxLedger {

    private final JdbcClient jdbc;
    private final String table;

    /** @param table one of the sandbox ledger tables (a constant, never input) */
    SandboxLedger(JdbcClient jdbc, String table) {
        if (!table.matches("sandbox(_[ab])?_payments")) {
            throw new IllegalArgumentException("not a sandbox ledger table: " + table);
        }
        this.jdbc = jdbc;
        this.table = table;
    }

    private String sql(String template) {
        return template.replace("{ledger}", table);
    }

    /** The order a payment id of this ledger belongs to. */
    Optional<UUID> orderOf(String id) {
        return jdbc.sql(sql("SELECT order_id FROM {ledger} WHERE id = :id")).param("id", id).query(UUID.class).optional();
    }

    Optional<LedgerEntry> byKey(String idempotencyKey) {
        return jdbc.sql(sql("SELECT * FROM {ledger} WHERE idempotency_key = :key"))
                .param("key", idempotencyKey)
                .query(SandboxLedger::entry)
                .optional();
    }

    /**
     * Reads an entry and locks it until the transaction ends, so that deciding whether it may be
     * captured, voided or refunded, and recording that, happen one call at a time.
     */
    Optional<LedgerEntry> lock(String id) {
        return jdbc.sql(sql("SELECT * FROM {ledger} WHERE id = :id FOR UPDATE"))
                .param("id", id)
                .query(SandboxLedger::entry)
                .optional();
    }

    /**
     * The succeeded capture or void of an authorisation, or the succeeded refund of a capture. The
     * partial unique indexes allow at most one, which is why a single row can be asked for. Each arm
     * repeats one index's predicate, so each is an index probe: "parent_id and succeeded" alone
     * implies neither and was a scan of the whole ledger on every capture (issue 13 profile).
     */
    Optional<LedgerEntry> settlementOf(String parentId) {
        return jdbc.sql(sql("""
                SELECT * FROM {ledger} WHERE parent_id = :id AND kind IN ('capture', 'void') AND status = 'succeeded'
                UNION ALL
                SELECT * FROM {ledger} WHERE parent_id = :id AND kind = 'refund' AND status = 'succeeded'"""))
                .param("id", parentId)
                .query(SandboxLedger::entry)
                .optional();
    }

    /**
     * Stores the entry unless its idempotency key is taken, then answers what the key holds: this
     * entry, or the one a concurrent call with the same key stored first. The unique key, not a
     * check beforehand, is what keeps concurrent retries to one row.
     */
    LedgerEntry insertOnce(LedgerEntry entry) {
        // the inserted row comes back from the insert itself; only a key already taken needs a read
        // (a new statement: read committed then sees the row of a concurrent call that committed first)
        return jdbc.sql(sql("""
                INSERT INTO {ledger} (id, order_id, kind, amount, currency, status, decline_reason,
                                              idempotency_key, parent_id, token, created_at)
                VALUES (:id, :orderId, :kind, :amount, :currency, :status, :declineReason,
                        :key, :parentId, :token, :createdAt)
                ON CONFLICT (idempotency_key) DO NOTHING
                RETURNING *"""))
                .param("id", entry.id()).param("orderId", entry.orderId()).param("kind", entry.kind().column())
                .param("amount", entry.amount()).param("currency", entry.currency())
                .param("status", entry.status()).param("declineReason", entry.declineReason())
                .param("key", entry.idempotencyKey()).param("parentId", entry.parentId())
                .param("token", entry.token()).param("createdAt", Timestamp.from(entry.createdAt()))
                .query(SandboxLedger::entry).optional()
                .or(() -> byKey(entry.idempotencyKey()))
                .orElseThrow();
    }

    List<LedgerEntry> byOrder(UUID orderId) {
        return jdbc.sql(sql("SELECT * FROM {ledger} WHERE order_id = :orderId ORDER BY seq"))
                .param("orderId", orderId)
                .query(SandboxLedger::entry)
                .list();
    }

    private static LedgerEntry entry(ResultSet rs, int row) throws SQLException {
        return new LedgerEntry(rs.getString("id"), rs.getObject("order_id", UUID.class), Kind.of(rs.getString("kind")),
                rs.getBigDecimal("amount"), rs.getString("currency"), rs.getString("status"),
                rs.getString("decline_reason"), rs.getString("idempotency_key"), rs.getString("parent_id"),
                rs.getString("token"), rs.getTimestamp("created_at").toInstant());
    }
}
