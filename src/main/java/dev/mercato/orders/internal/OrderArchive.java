package dev.mercato.orders.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import dev.mercato.platform.commerce.Owner;

/**
 * SQL over {@code orders_archive}, and the move into it. {@link #move} must run in one transaction
 * with the lock it takes: it copies a batch of orders into anonymised documents and deletes them
 * from the live tables, so a crash at any point leaves each order in exactly one place.
 */
@Repository
class OrderArchive {

    /** Statuses no order leaves in practice (a delivered order past the retention is beyond any refund window). */
    static final List<String> FINAL_STATUSES = List.of("delivered", "cancelled", "refunded");

    private static final String UTC_TIME = "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'";

    /**
     * Archived orders with the columns of {@link OrderRows}' views, the document in {@code document}: the
     * archive's half of the one-statement order list.
     */
    static final String AS_VIEW_ROWS = """
            SELECT o.id, o.status, o.subtotal, o.discount, o.total, o.currency, o.created_at, NULL::text AS address,
                   NULL::text AS carrier, NULL::text AS tracking_number, NULL::text AS payment_provider, o.document::text AS document,
                   NULL::text AS lines, NULL::text AS history
            FROM orders_archive o
            """;

    private final JdbcClient jdbc;
    private final Documents documents;

    OrderArchive(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.documents = new Documents(json);
    }

    /** Archive documents read back as views, marked archived. */
    static final class Documents {

        private final ObjectReader views;

        Documents(JsonMapper json) {
            // documents carry more than a view shows (the email hash, the payment method)
            this.views = json.readerFor(OrderView.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                    DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        }

        OrderView view(String document) {
            return views.<OrderView>readValue(document).asArchived();
        }
    }

    record Candidate(UUID id, UUID customerId) {
    }

    /** Final-state orders created before {@code before} that would be archived. */
    long countEligible(Instant before) {
        return jdbc.sql("SELECT count(*) FROM orders WHERE status IN ('delivered', 'cancelled', 'refunded') AND created_at < :before")
                .param("before", Timestamp.from(before)).query(Long.class).single();
    }

    /** The oldest eligible orders, locked; orders another transaction holds (a refund under way) are skipped. */
    List<Candidate> lockBatch(Instant before, int limit) {
        return jdbc.sql("""
                SELECT id, customer_id FROM orders
                WHERE status IN ('delivered', 'cancelled', 'refunded') AND created_at < :before
                ORDER BY created_at, id LIMIT :limit FOR UPDATE SKIP LOCKED""")
                .param("before", Timestamp.from(before)).param("limit", limit)
                .query((rs, n) -> new Candidate(rs.getObject("id", UUID.class), rs.getObject("customer_id", UUID.class))).list();
    }

    /**
     * Archives the locked {@code batch} and removes it from the live tables; returns how many moved.
     * The document holds what the owner's view shows except personal data: the address keeps only its
     * country, names and street lines are gone; the customer appears as an email hash.
     */
    int move(List<Candidate> batch, Map<UUID, String> emailHashes, Instant now) {
        UUID[] ids = batch.stream().map(Candidate::id).toArray(UUID[]::new);
        String[] hashes = batch.stream().map(c -> c.customerId() == null ? null : emailHashes.get(c.customerId())).toArray(String[]::new);
        int archived = jdbc.sql("""
                INSERT INTO orders_archive (id, owner, customer_id, status, currency, subtotal, discount, total, created_at,
                                            archived_at, document)
                SELECT o.id, o.owner, o.customer_id, o.status, o.currency, o.subtotal, o.discount, o.total, o.created_at, :now,
                       jsonb_build_object(
                           'id', o.id::text, 'status', o.status, 'archived', true, 'currency', o.currency,
                           'subtotal', o.subtotal::text, 'discount', o.discount::text, 'total', o.total::text,
                           'createdAt', to_char(o.created_at AT TIME ZONE 'UTC', %1$s),
                           'shippingAddress', jsonb_strip_nulls(jsonb_build_object('country', o.shipping_address -> 'country')),
                           'paymentMethod', o.payment_method,
                           'paymentProvider', o.payment_provider,
                           'customerEmailHash', b.email_hash,
                           'tracking', CASE WHEN o.tracking_number IS NULL THEN NULL
                                            ELSE jsonb_build_object('carrier', o.carrier, 'trackingNumber', o.tracking_number) END,
                           'items', (SELECT coalesce(jsonb_agg(jsonb_build_object('sku', l.sku, 'title', l.title, 'quantity', l.quantity,
                                                                                 'unitPrice', l.unit_price::text,
                                                                                 'lineTotal', l.line_total::text) ORDER BY l.position), '[]')
                                     FROM order_lines l WHERE l.order_id = o.id),
                           'history', (SELECT coalesce(jsonb_agg(jsonb_build_object('status', h.status,
                                                                                   'at', to_char(h.at AT TIME ZONE 'UTC', %1$s),
                                                                                   'note', h.note) ORDER BY h.id), '[]')
                                       FROM order_history h WHERE h.order_id = o.id))
                FROM unnest(:ids::uuid[], :hashes::text[]) AS b(id, email_hash)
                JOIN orders o ON o.id = b.id""".formatted(UTC_TIME))
                .param("ids", ids).param("hashes", hashes).param("now", Timestamp.from(now)).update();
        jdbc.sql("DELETE FROM order_history WHERE order_id = ANY(:ids)").param("ids", ids).update();
        jdbc.sql("DELETE FROM order_lines WHERE order_id = ANY(:ids)").param("ids", ids).update();
        int deleted = jdbc.sql("DELETE FROM orders WHERE id = ANY(:ids)").param("ids", ids).update();
        if (deleted != archived) {
            throw new IllegalStateException("archived " + archived + " orders but removed " + deleted + " (rolled back)");
        }
        return archived;
    }

    /** The archived order of {@code owner}, or of anyone when {@code owner} is null. */
    Optional<OrderView> find(UUID id, Owner owner) {
        return jdbc.sql("SELECT document::text FROM orders_archive WHERE id = :id AND (:owner::text IS NULL OR owner = :owner)")
                .param("id", id).param("owner", owner == null ? null : owner.key())
                .query(String.class).optional().map(documents::view);
    }

    /** A guest who logged in keeps their archived orders too. */
    int transferOwnership(Owner from, Owner to, UUID customerId) {
        return jdbc.sql("UPDATE orders_archive SET owner = :to, customer_id = :customerId WHERE owner = :from")
                .param("to", to.key()).param("customerId", customerId).param("from", from.key()).update();
    }
}
