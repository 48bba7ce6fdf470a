package dev.mercato.orders.internal;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** SQL over orders, their lines and their history. */
@Repository
class OrderRows {

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    OrderRows(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    record NewOrder(UUID id, String owner, UUID customerId, String currency, BigDecimal subtotal, BigDecimal discount,
            BigDecimal total, Map<String, Object> shippingAddress, String paymentMethod, String paymentToken, String holdOwner) {
    }

    record Header(UUID id, String owner, UUID customerId, OrderStatus status, BigDecimal total, String currency,
            String paymentMethod, String paymentToken, String holdOwner, Instant updatedAt) {
    }

    void insert(NewOrder order, List<OrderView.Line> lines, Instant now) {
        jdbc.sql("""
                INSERT INTO orders (id, owner, customer_id, status, currency, subtotal, discount, total, shipping_address,
                                    payment_method, payment_token, hold_owner, created_at, updated_at)
                VALUES (:id, :owner, :customerId, 'pending_payment', :currency, :subtotal, :discount, :total,
                        :address::jsonb, :method, :token, :holdOwner, :now, :now)""")
                .param("id", order.id()).param("owner", order.owner()).param("customerId", order.customerId())
                .param("currency", order.currency()).param("subtotal", order.subtotal()).param("discount", order.discount())
                .param("total", order.total()).param("address", json.writeValueAsString(order.shippingAddress()))
                .param("method", order.paymentMethod()).param("token", order.paymentToken())
                .param("holdOwner", order.holdOwner()).param("now", Timestamp.from(now))
                .update();
        for (int i = 0; i < lines.size(); i++) {
            OrderView.Line line = lines.get(i);
            jdbc.sql("""
                    INSERT INTO order_lines (order_id, sku, position, title, quantity, unit_price, line_total)
                    VALUES (:orderId, :sku, :position, :title, :quantity, :unitPrice, :lineTotal)""")
                    .param("orderId", order.id()).param("sku", line.sku()).param("position", i).param("title", line.title())
                    .param("quantity", line.quantity()).param("unitPrice", line.unitPrice()).param("lineTotal", line.lineTotal())
                    .update();
        }
        history(order.id(), OrderStatus.PENDING_PAYMENT, now, null);
    }

    Optional<Header> lock(UUID id) {
        return header("SELECT * FROM orders WHERE id = :id FOR UPDATE", id);
    }

    Optional<Header> find(UUID id) {
        return header("SELECT * FROM orders WHERE id = :id", id);
    }

    private Optional<Header> header(String sql, UUID id) {
        return jdbc.sql(sql).param("id", id).query((rs, n) -> new Header(rs.getObject("id", UUID.class), rs.getString("owner"),
                rs.getObject("customer_id", UUID.class), OrderStatus.fromWire(rs.getString("status")), rs.getBigDecimal("total"),
                rs.getString("currency"), rs.getString("payment_method"), rs.getString("payment_token"),
                rs.getString("hold_owner"), rs.getTimestamp("updated_at").toInstant())).optional();
    }

    void changeStatus(UUID id, OrderStatus status, Instant now, String note) {
        jdbc.sql("UPDATE orders SET status = :status, version = version + 1, updated_at = :now WHERE id = :id")
                .param("status", status.wire()).param("now", Timestamp.from(now)).param("id", id).update();
        history(id, status, now, note);
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

    Optional<OrderView> view(UUID id) {
        return jdbc.sql("SELECT * FROM orders WHERE id = :id").param("id", id)
                .query((rs, n) -> new OrderView(rs.getString("id"), rs.getString("status"), lines(id),
                        rs.getBigDecimal("subtotal"), rs.getBigDecimal("discount"), rs.getBigDecimal("total"),
                        rs.getString("currency"), rs.getTimestamp("created_at").toInstant(),
                        json.readValue(rs.getString("shipping_address"), OBJECT), history(id),
                        rs.getString("tracking_number") == null ? null
                                : new OrderView.Tracking(rs.getString("carrier"), rs.getString("tracking_number"))))
                .optional();
    }

    /** Newest first, keyset-paginated on (created_at, id); {@code owner} or {@code status} may be null (no filter). */
    List<UUID> page(String owner, String status, Instant beforeTime, UUID beforeId, int limit) {
        return jdbc.sql("""
                SELECT id FROM orders
                WHERE (:owner::text IS NULL OR owner = :owner) AND (:status::text IS NULL OR status = :status)
                  AND (:beforeTime::timestamptz IS NULL OR (created_at, id) < (:beforeTime::timestamptz, :beforeId::uuid))
                ORDER BY created_at DESC, id DESC LIMIT :limit""")
                .param("owner", owner).param("status", status)
                .param("beforeTime", beforeTime == null ? null : Timestamp.from(beforeTime)).param("beforeId", beforeId)
                .param("limit", limit).query(UUID.class).list();
    }

    record HistoryEntry(long id, String status, Instant at) {
    }

    /** Status changes of the order after history entry {@code afterId}, oldest first. */
    List<HistoryEntry> historyAfter(UUID orderId, long afterId) {
        return jdbc.sql("SELECT id, status, at FROM order_history WHERE order_id = :id AND id > :after ORDER BY id")
                .param("id", orderId).param("after", afterId).query(HistoryEntry.class).list();
    }

    /** Moves every order of one owner to another (a guest who logged in keeps their orders). */
    int transferOwnership(String from, String to, UUID customerId) {
        return jdbc.sql("UPDATE orders SET owner = :to, customer_id = :customerId WHERE owner = :from")
                .param("to", to).param("customerId", customerId).param("from", from).update();
    }

    private List<OrderView.Line> lines(UUID id) {
        return jdbc.sql("SELECT sku, title, quantity, unit_price, line_total FROM order_lines WHERE order_id = :id ORDER BY position")
                .param("id", id).query(OrderView.Line.class).list();
    }

    private List<OrderView.Change> history(UUID id) {
        return jdbc.sql("SELECT status, at, note FROM order_history WHERE order_id = :id ORDER BY id")
                .param("id", id).query(OrderView.Change.class).list();
    }

    private void history(UUID id, OrderStatus status, Instant at, String note) {
        jdbc.sql("INSERT INTO order_history (order_id, status, at, note) VALUES (:id, :status, :at, :note)")
                .param("id", id).param("status", status.wire()).param("at", Timestamp.from(at)).param("note", note).update();
    }
}
