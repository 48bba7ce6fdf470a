package dev.mercato.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;

import dev.mercato.orders.OrderPlaced;
import dev.mercato.orders.OrderStatusChanged;
import dev.mercato.platform.commerce.Money;
import dev.mercato.platform.commerce.OrderId;
import dev.mercato.support.ApiTest;
import dev.mercato.support.Shop;
import tools.jackson.databind.JsonNode;

/**
 * The rollups, fed only by order events, against the orders themselves: after a randomised run of
 * checkouts (some declined), cancellations, shipments and refunds, every hourly and daily figure
 * equals a direct aggregate over the orders that are paid and neither cancelled nor refunded.
 */
class SalesAnalyticsTests extends ApiTest {

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    private Shop shop;
    private String admin;

    @BeforeEach
    void shop() {
        admin = adminToken();
        shop = new Shop(api, admin);
    }

    @Test
    void rollupsEqualTheOrdersAfterARandomRunWithCancelsAndRefunds() {
        Instant from = Instant.now().truncatedTo(ChronoUnit.HOURS);
        List<String> skus = List.of(shop.productWithStock("12.50", 500), shop.productWithStock("7.25", 500),
                shop.productWithStock("99.99", 500));
        Random random = new Random(15);
        for (int i = 0; i < 24; i++) {
            placeAndMove(random, skus);
        }
        Instant to = Instant.now().plus(Duration.ofHours(2));
        // the run must have exercised what it claims to: orders taken out again by both ways
        assertThat(jdbc.sql("""
                SELECT DISTINCT o.status FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE l.sku IN (:skus)""")
                .param("skus", skus).query(String.class).list()).contains("cancelled", "refunded", "paid");
        awaitEqual(() -> points("hour", from, to, null), () -> expected("hour", from, to, null));
        assertThat(points("hour", from, to, null)).isEqualTo(expected("hour", from, to, null)).isNotEmpty();
        Instant today = from.truncatedTo(ChronoUnit.DAYS);
        assertThat(points("day", today, to, null)).isEqualTo(expected("day", today, to, null));
        for (String sku : skus) {
            assertThat(points("hour", from, to, sku)).as(sku).isEqualTo(expected("hour", from, to, sku));
            assertThat(points("day", today, to, sku)).as(sku).isEqualTo(expected("day", today, to, sku));
        }
    }

    /** An event delivered a second time (the outbox re-sends what it is not sure was handled) changes no figure. */
    @Test
    void aRedeliveredEventCountsOnce() {
        Instant from = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Instant to = Instant.now().plus(Duration.ofHours(2));
        String sku = shop.productWithStock("5.00", 50);
        String token = shop.guest();
        assertThat(shop.add(token, sku, 2).status()).isEqualTo(200);
        var placed = shop.checkout(token, UUID.randomUUID().toString(), "tok_visa");
        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        UUID order = UUID.fromString(placed.json().get("id").asString());
        awaitDelivered(order);
        List<Point> before = points("hour", from, to, sku);
        assertThat(before).extracting(Point::orders).containsExactly(1L);

        Instant placedAt = jdbc.sql("SELECT created_at FROM orders WHERE id = :id").param("id", order)
                .query(Timestamp.class).single().toInstant();
        transactions.executeWithoutResult(tx -> {
            events.publishEvent(new OrderPlaced(new OrderId(order), null, Money.of("10.00", "USD"),
                    List.of(new OrderPlaced.Line(sku, 2, Money.of("5.00", "USD"))), placedAt));
            events.publishEvent(new OrderStatusChanged(new OrderId(order), null, "pending_payment", placedAt));
            events.publishEvent(new OrderStatusChanged(new OrderId(order), "pending_payment", "paid", Instant.now()));
        });
        awaitDelivered(order);
        assertThat(points("hour", from, to, sku)).isEqualTo(before).isEqualTo(expected("hour", from, to, sku));
        assertThat(points("hour", from, to, null)).isEqualTo(expected("hour", from, to, null));
    }

    /**
     * Events arriving together are recorded together (LedgerBatches): thirty orders' events published
     * in one commit all count, each once, in the same rollup rows; and an event the ledger cannot
     * record fails its own delivery only — the others of its batch are recorded all the same.
     */
    @Test
    void eventsArrivingTogetherAllCountAndABadOneFailsAlone() {
        Instant from = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Instant to = Instant.now().plus(Duration.ofHours(2));
        String sku = "BATCH-" + UUID.randomUUID();
        List<UUID> orders = new ArrayList<>();
        UUID bad = UUID.randomUUID();
        transactions.executeWithoutResult(tx -> {
            for (int i = 0; i < 30; i++) {
                UUID order = UUID.randomUUID();
                orders.add(order);
                Instant placedAt = Instant.now();
                events.publishEvent(new OrderPlaced(new OrderId(order), null, Money.of("6.00", "USD"),
                        List.of(new OrderPlaced.Line(sku, 2, Money.of("3.00", "USD"))), placedAt));
                events.publishEvent(new OrderStatusChanged(new OrderId(order), null, "pending_payment", placedAt));
                events.publishEvent(new OrderStatusChanged(new OrderId(order), "pending_payment", "paid", placedAt));
            }
            // no money: the ledger cannot record what the order costs and fails on it
            events.publishEvent(new OrderPlaced(new OrderId(bad), null, null, List.of(), Instant.now()));
        });
        await(() -> orders.stream().allMatch(order -> jdbc.sql(
                "SELECT count(*) FROM event_publication WHERE completion_date IS NULL AND serialized_event LIKE :id")
                .param("id", "%" + order + "%").query(Long.class).single() == 0));
        try {
            assertThat(points("hour", from, to, sku)).singleElement().satisfies(point -> {
                assertThat(point.orders()).isEqualTo(30);
                assertThat(point.units()).isEqualTo(60);
                assertThat(point.revenue()).isEqualByComparingTo("180.00");
            });
            assertThat(jdbc.sql("SELECT count(*) FROM event_publication WHERE completion_date IS NULL AND serialized_event LIKE :id")
                    .param("id", "%" + bad + "%").query(Long.class).single()).as("the bad event's delivery failed").isEqualTo(1);
        } finally {
            // a delivery that can never succeed must not linger for the other tests of this context
            jdbc.sql("DELETE FROM event_publication WHERE serialized_event LIKE :id").param("id", "%" + bad + "%").update();
        }
    }

    @Test
    void refusesABadRange() {
        var inverted = api.get("/api/admin/analytics/sales?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", admin);
        assertThat(inverted.status()).isEqualTo(400);
        assertThat(inverted.json().get("type").asString()).endsWith("/invalid-range");
        assertThat(api.get("/api/admin/analytics/sales?from=yesterday", admin).status()).isEqualTo(400);
        assertThat(api.get("/api/admin/analytics/sales?granularity=minute", admin).status()).isEqualTo(400);
        assertThat(api.get("/api/admin/analytics/sales?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", admin).status())
                .isEqualTo(400);
        assertThat(api.get("/api/admin/analytics/top-products?limit=0", admin).status()).isEqualTo(400);
    }

    @Test
    void topProductsRankByRevenueWithTitles() {
        Instant from = Instant.now().minus(Duration.ofMinutes(1));
        String cheap = shop.productWithStock("1.00", 50);
        String dear = shop.productWithStock("80.00", 50);
        String token = shop.guest();
        shop.add(token, cheap, 3);
        shop.add(token, dear, 1);
        var placed = shop.checkout(token, UUID.randomUUID().toString(), "tok_visa");
        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        awaitDelivered(UUID.fromString(placed.json().get("id").asString()));
        var top = api.get("/api/admin/analytics/top-products?limit=100&from=" + from + "&to=" + Instant.now().plusSeconds(60), admin);
        assertThat(top.status()).as(top.toString()).isEqualTo(200);
        List<String> titles = new ArrayList<>();
        top.json().get("items").forEach(item -> titles.add(item.get("title").asString()));
        assertThat(titles).containsSubsequence("Stocked " + dear, "Stocked " + cheap);
    }

    private void placeAndMove(Random random, List<String> skus) {
        String token = shop.guest();
        for (String sku : skus) {
            if (random.nextInt(3) > 0) {
                assertThat(shop.add(token, sku, 1 + random.nextInt(3)).status()).isEqualTo(200);
            }
        }
        // at least one line, so every checkout places an order
        assertThat(shop.add(token, skus.get(random.nextInt(skus.size())), 1).status()).isEqualTo(200);
        var placed = shop.checkout(token, UUID.randomUUID().toString(), random.nextInt(8) == 0 ? "tok_declined" : "tok_visa");
        if (placed.status() != 201) {
            return; // declined: the order was cancelled before any money moved
        }
        String id = placed.json().get("id").asString();
        switch (random.nextInt(5)) {
            case 0 -> api.post("/api/orders/" + id + "/cancel", "", token);
            case 1 -> api.post("/api/admin/orders/" + id + "/refund", "", admin);
            case 2 -> {
                api.post("/api/admin/orders/" + id + "/ship", Map.of("carrier", "UPS", "trackingNumber", "1Z" + id.substring(0, 8)), admin);
                if (random.nextBoolean()) {
                    api.post("/api/admin/orders/" + id + "/deliver", "", admin);
                }
                if (random.nextBoolean()) {
                    api.post("/api/admin/orders/" + id + "/refund", "", admin);
                }
            }
            default -> {
                // stays paid
            }
        }
    }

    record Point(Instant at, long orders, long units, BigDecimal revenue, String currency) {
    }

    private List<Point> points(String granularity, Instant from, Instant to, String sku) {
        var response = api.get("/api/admin/analytics/sales?granularity=" + granularity + "&from=" + from + "&to=" + to
                + (sku == null ? "" : "&sku=" + sku), admin);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        List<Point> points = new ArrayList<>();
        for (JsonNode p : response.json().get("points")) {
            points.add(new Point(Instant.parse(p.get("at").asString()), p.get("orders").asLong(), p.get("units").asLong(),
                    p.get("revenue").decimalValue().setScale(2), p.get("currency").asString()));
        }
        return points;
    }

    /** The same figures straight from the orders: paid (or later) and neither cancelled nor refunded, by time placed. */
    private List<Point> expected(String granularity, Instant from, Instant to, String sku) {
        String sql = sku == null ? """
                SELECT date_trunc('%1$s', o.created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS at, count(*) AS orders,
                       sum(l.units) AS units, sum(o.total) AS revenue, o.currency
                FROM orders o JOIN (SELECT order_id, sum(quantity) AS units FROM order_lines GROUP BY order_id) l ON l.order_id = o.id
                WHERE o.status IN ('paid', 'fulfilling', 'shipped', 'delivered') AND o.created_at >= :from AND o.created_at < :to
                GROUP BY 1, o.currency ORDER BY 1, o.currency""" : """
                SELECT date_trunc('%1$s', o.created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS at, count(*) AS orders,
                       sum(l.quantity) AS units, sum(l.line_total) AS revenue, o.currency
                FROM orders o JOIN order_lines l ON l.order_id = o.id AND l.sku = :sku
                WHERE o.status IN ('paid', 'fulfilling', 'shipped', 'delivered') AND o.created_at >= :from AND o.created_at < :to
                GROUP BY 1, o.currency ORDER BY 1, o.currency""";
        var statement = jdbc.sql(sql.formatted(granularity)).param("from", Timestamp.from(from)).param("to", Timestamp.from(to));
        if (sku != null) {
            statement = statement.param("sku", sku);
        }
        return statement.query((rs, n) -> new Point(rs.getTimestamp("at").toInstant(), rs.getLong("orders"), rs.getLong("units"),
                rs.getBigDecimal("revenue").setScale(2), rs.getString("currency"))).list();
    }

    /** Until every event about the order has been handled (the outbox deletes a publication once its listener finished). */
    private void awaitDelivered(UUID order) {
        await(() -> jdbc.sql("SELECT count(*) FROM event_publication WHERE completion_date IS NULL AND serialized_event LIKE :id")
                .param("id", "%" + order + "%").query(Long.class).single() == 0);
    }

    private void awaitEqual(java.util.function.Supplier<List<Point>> actual, java.util.function.Supplier<List<Point>> expected) {
        await(() -> actual.get().equals(expected.get()));
    }

    private static void await(java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return; // the assertion after the wait shows what differs
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
