package dev.mercato.events.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * SQL over {@code event_outbox}. {@link #append} joins the caller's transaction, so an event is stored
 * exactly when the change that published it commits. The relay reads the oldest rows by id and deletes
 * what the broker acknowledged; no watermark is kept, so a row whose transaction commits after a
 * higher id was relayed is still found on the next pass.
 */
final class Outbox {

    /** Taken per relay transaction ({@code pg_try_advisory_xact_lock}): one relay at a time across all nodes, so sends keep id order. */
    static final long RELAY_LOCK = 0x6d6572636174L; // "mercat"

    private final JdbcClient jdbc;

    Outbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Waiting(long id, OutboxEntry entry) {
    }

    record Backlog(long events, Instant oldest) {
    }

    /** All entries in one statement, in list order (ids ascending in that order). */
    void append(List<OutboxEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        jdbc.sql("""
                INSERT INTO event_outbox (event_id, topic, event_key, event_type, payload, occurred_at)
                SELECT e.event_id, e.topic, e.event_key, e.event_type, e.payload, e.occurred_at
                FROM unnest(:eventIds::uuid[], :topics::text[], :keys::text[], :types::text[], :payloads::text[],
                            :occurredAts::timestamptz[]) WITH ORDINALITY
                     AS e(event_id, topic, event_key, event_type, payload, occurred_at, position)
                ORDER BY e.position""")
                .param("eventIds", entries.stream().map(OutboxEntry::eventId).toArray(UUID[]::new))
                .param("topics", entries.stream().map(OutboxEntry::topic).toArray(String[]::new))
                .param("keys", entries.stream().map(OutboxEntry::key).toArray(String[]::new))
                .param("types", entries.stream().map(OutboxEntry::type).toArray(String[]::new))
                .param("payloads", entries.stream().map(OutboxEntry::payload).toArray(String[]::new))
                .param("occurredAts", entries.stream().map(e -> Timestamp.from(e.occurredAt())).toArray(Timestamp[]::new))
                .update();
    }

    /** Whether this transaction is the relay now; false while another node's relay holds it. */
    boolean lockRelay() {
        return Boolean.TRUE.equals(jdbc.sql("SELECT pg_try_advisory_xact_lock(:key)").param("key", RELAY_LOCK)
                .query(Boolean.class).single());
    }

    List<Waiting> oldest(int limit) {
        return jdbc.sql("SELECT * FROM event_outbox ORDER BY id LIMIT :limit").param("limit", limit)
                .query((rs, n) -> new Waiting(rs.getLong("id"), new OutboxEntry(rs.getObject("event_id", UUID.class),
                        rs.getString("topic"), rs.getString("event_key"), rs.getString("event_type"), rs.getString("payload"),
                        rs.getTimestamp("occurred_at").toInstant())))
                .list();
    }

    void delete(List<Waiting> sent) {
        jdbc.sql("DELETE FROM event_outbox WHERE id = ANY(:ids)")
                .param("ids", sent.stream().map(Waiting::id).toArray(Long[]::new)).update();
    }

    /** How much waits, and since when ({@code oldest} null when nothing does). */
    Backlog backlog() {
        return jdbc.sql("SELECT count(*) AS events, min(occurred_at) AS oldest FROM event_outbox")
                .query((rs, n) -> new Backlog(rs.getLong("events"),
                        rs.getTimestamp("oldest") == null ? null : rs.getTimestamp("oldest").toInstant()))
                .single();
    }
}
