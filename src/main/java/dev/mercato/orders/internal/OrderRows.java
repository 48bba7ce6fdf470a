package dev.mercato.orders.internal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.mercato.platform.commerce.Money;
import dev.mercato.platform.commerce.OrderId;
import dev.mercato.platform.commerce.Owner;
import dev.mercato.pricing.PriceQuote;

/**
 * SQL over orders, their lines and their history. An order view is read in one statement, lines
 * and history aggregated beside the order row, and a page of views is that same statement over the
 * page: the list routes cost one query whatever the page size.
 */
@Repository
class OrderRows {

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    /** Orders with their lines and history as JSON arrays (amounts and times as text, so nothing is re-typed on the way). */
    private static final String VIEWS = """
            SELECT o.id, o.status, o.subtotal, o.discount, o.total, o.currency, o.created_at, o.shipping_address::text AS address,
                   o.carrier, o.tracking_number, o.payment_provider, NULL::text AS document,
                   (SELECT coalesce(json_agg(json_build_array(l.sku, l.title, l.quantity, l.unit_price::text, l.line_total::text)
                                             ORDER BY l.position), '[]')::text
                    FROM order_lines l WHERE l.order_id = o.id) AS lines,
                   (SELECT coalesce(json_agg(json_build_array(h.status, to_char(h.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), h.note)
                                             ORDER BY h.id), '[]')::text
                    FROM order_history h WHERE h.order_id = o.id) AS history
            FROM orders o
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final OrderArchive.Documents archived;

    OrderRows(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
        this.archived = new OrderArchive.Documents(json);
    }

    record NewOrder(OrderId id, Owner owner, UUID customerId, PriceQuote quote, Map<String, Object> shippingAddress,
            String paymentMethod, String paymentToken, String holdOwner) {
    }

    /** @param withCoupon null for an order placed by a release that did not record it */
    record Header(UUID id, Owner owner, UUID customerId, OrderStatus status, Money total,
            String paymentMethod, String paymentToken, String holdOwner, Instant updatedAt, Boolean withCoupon) {
    }

    /**
     * The order, its lines and its first history entry, in one statement (one round trip on checkout's
     * path instead of three): the lines and the history take the order's id from the insert, and their
     * foreign keys are checked at the end of the statement, when the order row is there.
     */
    void insert(NewOrder order, Instant now) {
        PriceQuote quote = order.quote();
        List<PriceQuote.Line> lines = quote.lines();
        jdbc.sql("""
                WITH placed AS (
                    INSERT INTO orders (id, owner, customer_id, status, currency, subtotal, discount, total, shipping_address,
                                        payment_method, payment_token, hold_owner, with_coupon, created_at, updated_at)
                    VALUES (:id, :owner, :customerId, 'pending_payment', :currency, :subtotal, :discount, :total,
                            :address::jsonb, :method, :token, :holdOwner, :withCoupon, :now, :now)
                    RETURNING id),
                lines AS (
                    INSERT INTO order_lines (order_id, sku, position, title, quantity, unit_price, line_total)
                    SELECT placed.id, l.sku, l.position - 1, l.title, l.quantity::int, l.unit_price::numeric, l.line_total::numeric
                    FROM placed, unnest(:skus::text[], :titles::text[], :quantities::text[], :unitPrices::text[], :lineTotals::text[])
                         WITH ORDINALITY AS l(sku, title, quantity, unit_price, line_total, position))
                INSERT INTO order_history (order_id, status, at, note) VALUES ((SELECT id FROM placed), 'pending_payment', :now, NULL)""")
                .param("id", order.id().value()).param("owner", order.owner().key()).param("customerId", order.customerId())
                .param("currency", quote.currency()).param("subtotal", quote.subtotal().amount())
                .param("discount", quote.discount().amount()).param("total", quote.total().amount())
                .param("address", json.writeValueAsString(order.shippingAddress()))
                .param("method", order.paymentMethod()).param("token", order.paymentToken())
                .param("holdOwner", order.holdOwner()).param("withCoupon", quote.coupon() != null).param("now", Timestamp.from(now))
                .param("skus", lines.stream().map(PriceQuote.Line::sku).toArray(String[]::new))
                .param("titles", lines.stream().map(PriceQuote.Line::title).toArray(String[]::new))
                .param("quantities", lines.stream().map(l -> Integer.toString(l.quantity())).toArray(String[]::new))
                .param("unitPrices", lines.stream().map(l -> l.unitPrice().amount().toPlainString()).toArray(String[]::new))
                .param("lineTotals", lines.stream().map(l -> l.lineTotal().amount().toPlainString()).toArray(String[]::new))
                .update();
    }

    Optional<Header> lock(UUID id) {
        return header("SELECT * FROM orders WHERE id = :id FOR UPDATE", id);
    }

    Optional<Header> find(UUID id) {
        return header("SELECT * FROM orders WHERE id = :id", id);
    }

    private Optional<Header> header(String sql, UUID id) {
        return jdbc.sql(sql).param("id", id).query((rs, n) -> new Header(rs.getObject("id", UUID.class), Owner.parse(rs.getString("owner")),
                rs.getObject("customer_id", UUID.class), OrderStatus.fromWire(rs.getString("status")),
                new Money(rs.getBigDecimal("total"), rs.getString("currency")), rs.getString("payment_method"),
                rs.getString("payment_token"), rs.getString("hold_owner"), rs.getTimestamp("updated_at").toInstant(),
                rs.getObject("with_coupon", Boolean.class))).optional();
    }

    /**
     * The new status and its history entry, in one statement.
     *
     * @param paymentProvider the processor that took or refused the order's money, recorded with the
     *                        status it caused; null leaves the recorded one as it is
     */
    void changeStatus(UUID id, OrderStatus status, Instant now, String note, String paymentProvider) {
        jdbc.sql("""
                WITH changed AS (
                    UPDATE orders SET status = :status, version = version + 1, updated_at = :now,
                                      payment_provider = coalesce(:provider, payment_provider)
                    WHERE id = :id RETURNING id)
                INSERT INTO order_history (order_id, status, at, note) VALUES ((SELECT id FROM changed), :status, :now, :note)""")
                .param("status", status.wire()).param("now", Timestamp.from(now)).param("id", id)
                .param("provider", paymentProvider, java.sql.Types.VARCHAR).param("note", note, java.sql.Types.VARCHAR).update();
    }

    void setTracking(UUID id, String carrier, String trackingNumber) {
        jdbc.sql("UPDATE orders SET carrier = :carrier, tracking_number = :tracking WHERE id = :id")
                .param("carrier", carrier).param("tracking", trackingNumber).param("id", id).update();
    }

    /** Orders waiting for payment since before {@code cutoff}, locked one at a time by whoever gets them first. */
    List<UUID> lockStalePending(Instant cutoff, int limit) {
        return jdbc.sql("""
                SELECT id FROM orders WHERE status = 'pending_payment' AND updated_at < :cutoff
                ORDER BY updated_at LIMIT :limit FOR UPDATE SKIP LOCKED""")
                .param("cutoff", Timestamp.from(cutoff)).param("limit", limit).query(UUID.class).list();
    }

    /** The order as its owner sees it, in one statement. */
    Optional<OrderView> view(UUID id) {
        return jdbc.sql(VIEWS + "WHERE o.id = :id").param("id", id).query((rs, n) -> view(rs)).optional();
    }

    /**
     * Newest first, keyset-paginated on (created_at, id), as full views in one statement, live and
     * archived orders together (an order is in exactly one of the two tables);
     * {@code owner} or {@code status} may be null (no filter).
     */
    List<OrderView> page(Owner owner, String status, Instant beforeTime, UUID beforeId, int limit) {
        String filter = """
                WHERE (:owner::text IS NULL OR o.owner = :owner) AND (:status::text IS NULL OR o.status = :status)
                  AND (:beforeTime::timestamptz IS NULL OR (o.created_at, o.id) < (:beforeTime::timestamptz, :beforeId::uuid))
                ORDER BY o.created_at DESC, o.id DESC LIMIT :limit""";
        return jdbc.sql("(" + VIEWS + filter + ") UNION ALL (" + OrderArchive.AS_VIEW_ROWS + filter + ") ORDER BY created_at DESC, id DESC LIMIT :limit")
                .param("owner", owner == null ? null : owner.key()).param("status", status)
                .param("beforeTime", beforeTime == null ? null : Timestamp.from(beforeTime)).param("beforeId", beforeId)
                .param("limit", limit).query((rs, n) -> rs.getString("document") != null ? archived.view(rs.getString("document")) : view(rs))
                .list();
    }

    private OrderView view(ResultSet rs) throws SQLException {
        List<OrderView.Line> lines = new ArrayList<>();
        for (JsonNode line : json.readTree(rs.getString("lines"))) {
            lines.add(new OrderView.Line(line.get(0).asString(), line.get(1).asString(), line.get(2).asInt(),
                    new BigDecimal(line.get(3).asString()), new BigDecimal(line.get(4).asString())));
        }
        List<OrderView.Change> history = new ArrayList<>();
        for (JsonNode change : json.readTree(rs.getString("history"))) {
            history.add(new OrderView.Change(change.get(0).asString(), Instant.parse(change.get(1).asString()),
                    change.get(2).isNull() ? null : change.get(2).asString()));
        }
        return new OrderView(rs.getString("id"), rs.getString("status"), lines,
                rs.getBigDecimal("subtotal"), rs.getBigDecimal("discount"), rs.getBigDecimal("total"),
                rs.getString("currency"), rs.getTimestamp("created_at").toInstant(),
                json.readValue(rs.getString("address"), OBJECT), history,
                rs.getString("tracking_number") == null ? null
                        : new OrderView.Tracking(rs.getString("carrier"), rs.getString("tracking_number")),
                rs.getString("payment_provider"));
    }

    record HistoryEntry(long id, String status, Instant at) {
    }

    /** Status changes of the order after history entry {@code afterId}, oldest first. */
    List<HistoryEntry> historyAfter(UUID orderId, long afterId) {
        return jdbc.sql("SELECT id, status, at FROM order_history WHERE order_id = :id AND id > :after ORDER BY id")
                .param("id", orderId).param("after", afterId).query(HistoryEntry.class).list();
    }

    /** Moves every order of one owner to another (a guest who logged in keeps their orders). */
    int transferOwnership(Owner from, Owner to, UUID customerId) {
        return jdbc.sql("UPDATE orders SET owner = :to, customer_id = :customerId WHERE owner = :from")
                .param("to", to.key()).param("customerId", customerId).param("from", from.key()).update();
    }
}
