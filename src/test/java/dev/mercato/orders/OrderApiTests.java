package dev.mercato.orders;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

import dev.mercato.inventory.internal.InventoryJobs;
import dev.mercato.support.Api;
import dev.mercato.support.ApiTest;
import dev.mercato.support.EventStream;
import dev.mercato.support.Invariants;
import dev.mercato.support.PaymentLedger;
import dev.mercato.support.Shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class OrderApiTests extends ApiTest {

    @Autowired
    ApplicationContext context;

    private Shop shop;
    private PaymentLedger ledger;
    private String admin;

    @BeforeEach
    void setUp() {
        admin = adminToken();
        shop = new Shop(api, admin);
        ledger = new PaymentLedger(api, admin);
    }

    @Test
    void listsTheCallersOrdersNewestFirstWithKeysetPagination() {
        String sku = shop.productWithStock("3.00", 20);
        String shopper = shop.guest();
        List<String> placed = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            placed.add(placeOrder(shopper, sku, i).get("id").asString());
        }
        String someoneElse = placeOrder(shop.guest(), sku, 1).get("id").asString();

        List<String> seen = new ArrayList<>();
        String path = "/api/orders?limit=1";
        for (int page = 0; page < 3; page++) {
            var response = api.get(path, shopper);
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            JsonNode items = response.json().get("items");
            assertThat(items).hasSize(1);
            seen.add(items.get(0).get("id").asString());
            JsonNode next = response.json().get("nextCursor");
            if (page < 2) {
                assertThat(next.isNull()).as("page %d has a next cursor", page).isFalse();
                path = "/api/orders?limit=1&cursor=" + next.asString();
            } else {
                assertThat(next.isNull()).as("the last page has no next cursor").isTrue();
            }
        }
        assertThat(seen).containsExactly(placed.get(2), placed.get(1), placed.get(0));

        JsonNode all = api.get("/api/orders", shopper).json();
        assertThat(all.get("items")).extracting(o -> o.get("id").asString()).containsExactly(placed.get(2), placed.get(1), placed.get(0));
        assertThat(all.get("items").get(0).get("total").asString()).isEqualTo("9.00");
        assertThat(all.get("nextCursor").isNull()).isTrue();
        assertThat(seen).doesNotContain(someoneElse);
        assertThat(jdbc.sql("SELECT id::text FROM orders WHERE id = ANY (:ids::uuid[]) ORDER BY created_at DESC, id DESC")
                .param("ids", placed.toArray(String[]::new)).query(String.class).list()).isEqualTo(seen);

        assertThat(api.get("/api/orders?cursor=garbage", shopper).status()).isEqualTo(400);
        assertThat(api.get("/api/orders?limit=0", shopper).status()).isEqualTo(400);
        assertThat(api.get("/api/orders", null).status()).isEqualTo(401);
    }

    /**
     * The guest token is revoked when the guest registers with it ({@code GuestSessionClaimed}: "what
     * the guest session owned now belongs to the customer"), so an order left with the session could
     * no longer be seen, tracked or cancelled by anyone but an admin.
     */
    @Test
    void ordersPlacedAsAGuestFollowTheGuestIntoTheirNewAccount() {
        String sku = shop.productWithStock("3.00", 5);
        String guest = shop.guest();
        String id = placeOrder(guest, sku, 1).get("id").asString();

        var registered = api.post("/api/auth/register",
                Map.of("email", unique("guest-order") + "@example.com", "password", "correct-horse-9", "name", "Was Guest"), null,
                "X-Guest-Token", guest);
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        String customer = registered.json().get("token").asString();

        await("the guest's order visible to the new customer").atMost(Duration.ofSeconds(10))
                .until(() -> api.get("/api/orders/" + id, customer).status() == 200);
        assertThat(api.get("/api/orders", customer).json().get("items")).extracting(o -> o.get("id").asString()).containsExactly(id);
    }

    @Test
    void anotherSessionsOrderIs404OnReadCancelAndEvents() {
        String sku = shop.productWithStock("3.00", 5);
        String owner = shop.guest();
        String id = placeOrder(owner, sku, 2).get("id").asString();
        String stranger = customerToken();

        var read = api.get("/api/orders/" + id, stranger);
        assertThat(read.status()).as(read.toString()).isEqualTo(404);
        var cancel = api.post("/api/orders/" + id + "/cancel", "", stranger);
        assertThat(cancel.status()).as(cancel.toString()).isEqualTo(404);
        var events = api.get("/api/orders/" + id + "/events", stranger, "Accept", "text/event-stream");
        assertThat(events.status()).as(events.toString()).isEqualTo(404);
        assertThat(api.get("/api/orders/" + UUID.randomUUID(), owner).status()).isEqualTo(404);
        assertThat(api.get("/api/orders", stranger).json().get("items")).isEmpty();

        assertThat(status(id)).isEqualTo("paid");
        assertThat(shop.available(sku)).isEqualTo(3);
        assertThat(ledger.kinds(id)).containsExactly("authorization", "capture");
    }

    @Test
    void orderCarriesHistoryAndAnETagThatChangesWithItsStatus() {
        String sku = shop.productWithStock("3.00", 5);
        String shopper = shop.guest();
        String id = placeOrder(shopper, sku, 1).get("id").asString();

        var first = api.get("/api/orders/" + id, shopper);
        assertThat(first.status()).isEqualTo(200);
        JsonNode order = first.json();
        assertThat(order.get("status").asString()).isEqualTo("paid");
        assertThat(order.get("history")).extracting(h -> h.get("status").asString()).containsExactly("pending_payment", "paid");
        assertThat(order.get("history")).allSatisfy(h -> assertThat(Instant.parse(h.get("at").asString())).isBeforeOrEqualTo(Instant.now()));
        assertThat(order.get("tracking").isNull()).isTrue();
        String etag = first.header("ETag");
        assertThat(etag).startsWith("\"").endsWith("\"");

        var unchanged = api.get("/api/orders/" + id, shopper, "If-None-Match", etag);
        assertThat(unchanged.status()).isEqualTo(304);
        assertThat(unchanged.body()).isEmpty();
        assertThat(unchanged.header("ETag")).isEqualTo(etag);

        ship(id);

        var changed = api.get("/api/orders/" + id, shopper, "If-None-Match", etag);
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.header("ETag")).isNotEqualTo(etag);
        assertThat(changed.json().get("status").asString()).isEqualTo("shipped");
        assertThat(api.get("/api/orders/" + id, shopper, "If-None-Match", changed.header("ETag")).status()).isEqualTo(304);
    }

    @Test
    void eventStreamSendsTheCurrentStatusThenEachChange() throws Exception {
        String sku = shop.productWithStock("3.00", 5);
        String shopper = shop.guest();
        String id = placeOrder(shopper, sku, 1).get("id").asString();
        try (EventStream stream = EventStream.open(api, "/api/orders/" + id + "/events", shopper)) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.contentType())
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
            await().atMost(Duration.ofSeconds(10)).until(() -> !stream.events().isEmpty());
            JsonNode current = stream.events().getFirst();
            assertThat(current.get("status").asString()).isEqualTo("paid");
            assertThat(current.get("orderId").asString()).isEqualTo(id);
            assertThat(stream.lines()).contains("event:status");

            ship(id);

            await().atMost(Duration.ofSeconds(10)).until(() -> stream.statuses().contains("shipped"));
            assertThat(stream.statuses()).containsExactlyInAnyOrder("paid", "fulfilling", "shipped");
            JsonNode shipped = stream.events().stream().filter(e -> e.get("status").asString().equals("shipped")).findFirst().orElseThrow();
            assertThat(shipped.get("from").asString()).isEqualTo("fulfilling");
            assertThat(shipped.get("orderId").asString()).isEqualTo(id);
        }
    }

    /**
     * Shipping a paid order makes two changes in one transaction (fulfilling, then shipped). A client
     * takes the last event it got as the order's status, so the stream must keep them in order.
     */
    @Test
    void eventStreamDeliversChangesInTheOrderTheyHappened() throws Exception {
        String sku = shop.productWithStock("3.00", 12);
        String shopper = shop.guest();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add(placeOrder(shopper, sku, 1).get("id").asString());
        }
        List<EventStream> streams = new ArrayList<>();
        try {
            for (String id : ids) {
                EventStream stream = EventStream.open(api, "/api/orders/" + id + "/events", shopper);
                streams.add(stream);
                await().atMost(Duration.ofSeconds(10)).until(() -> !stream.events().isEmpty());
            }
            ids.forEach(this::ship);
            for (EventStream stream : streams) {
                await().atMost(Duration.ofSeconds(10)).until(() -> stream.statuses().size() == 3);
            }
            assertThat(streams).allSatisfy(stream -> assertThat(stream.statuses()).containsExactly("paid", "fulfilling", "shipped"));
        } finally {
            streams.forEach(EventStream::close);
        }
    }

    @Test
    void customerCancelOfAPaidOrderReturnsTheStockAndRefunds() {
        String sku = shop.productWithStock("12.50", 5);
        String customer = customerToken();
        JsonNode order = placeOrder(customer, sku, 2);
        String id = order.get("id").asString();
        new InventoryJobs(context).settleSoldHolds();
        assertThat(quantity(sku)).isEqualTo(3);

        var cancelled = api.post("/api/orders/" + id + "/cancel", "", customer);

        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asString()).isEqualTo("cancelled");
        assertThat(cancelled.json().get("history")).extracting(h -> h.get("status").asString()).endsWith("cancelled");
        assertThat(status(id)).isEqualTo("cancelled");
        assertThat(shop.available(sku)).isEqualTo(5);
        assertThat(quantity(sku)).isEqualTo(5);
        assertThat(jdbc.sql("SELECT quantity_delta FROM stock_movements WHERE sku = :sku AND kind = 'return' AND reference = :ref")
                .param("sku", sku).param("ref", "order:" + id).query(Long.class).list()).containsExactly(2L);
        assertThat(jdbc.sql("SELECT DISTINCT state FROM holds WHERE order_id = :id::uuid").param("id", id)
                .query(String.class).list()).containsExactly("released");

        JsonNode refund = ledger.await(id, "refund");
        assertThat(refund.get("amount").asString()).isEqualTo("25.00");
        assertThat(refund.get("status").asString()).isEqualTo("succeeded");

        var again = api.post("/api/orders/" + id + "/cancel", "", customer);
        assertThat(again.status()).isEqualTo(409);
        assertIllegalTransitionFrom(again, "cancelled");
        assertThat(shop.available(sku)).as("a second cancel returns nothing twice").isEqualTo(5);
        assertThat(ledger.kinds(id)).containsExactly("authorization", "capture", "refund");
        new Invariants(jdbc).holdFor(List.of(sku));
    }

    @Test
    void cancelAfterShippingIs409NamingTheCurrentStatus() {
        String sku = shop.productWithStock("3.00", 5);
        String shopper = shop.guest();
        String id = placeOrder(shopper, sku, 1).get("id").asString();
        ship(id);

        var refused = api.post("/api/orders/" + id + "/cancel", "", shopper);

        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertIllegalTransitionFrom(refused, "shipped");
        assertThat(status(id)).isEqualTo("shipped");
        assertThat(shop.available(sku)).isEqualTo(4);
        assertThat(ledger.kinds(id)).containsExactly("authorization", "capture");
    }

    @Test
    void shippingNeedsCarrierAndTrackingAndPassesThroughFulfilling() {
        String sku = shop.productWithStock("3.00", 5);
        String shopper = shop.guest();
        String id = placeOrder(shopper, sku, 1).get("id").asString();

        for (Map<String, String> incomplete : List.of(Map.<String, String>of(), Map.of("carrier", "DHL"),
                Map.of("trackingNumber", "JD0001"), Map.of("carrier", " ", "trackingNumber", "JD0001"))) {
            var refused = api.post("/api/admin/orders/" + id + "/ship", incomplete, admin);
            assertThat(refused.status()).as(incomplete + " -> " + refused).isEqualTo(400);
        }
        assertThat(status(id)).isEqualTo("paid");

        var shipped = api.post("/api/admin/orders/" + id + "/ship", Map.of("carrier", "DHL", "trackingNumber", "JD0001"), admin);

        assertThat(shipped.status()).as(shipped.toString()).isEqualTo(200);
        assertThat(shipped.json().get("status").asString()).isEqualTo("shipped");
        JsonNode order = api.get("/api/orders/" + id, shopper).json();
        assertThat(order.get("history")).extracting(h -> h.get("status").asString())
                .containsExactly("pending_payment", "paid", "fulfilling", "shipped");
        assertThat(order.get("tracking").get("carrier").asString()).isEqualTo("DHL");
        assertThat(order.get("tracking").get("trackingNumber").asString()).isEqualTo("JD0001");
        assertThat(jdbc.sql("SELECT carrier || ' ' || tracking_number FROM orders WHERE id = :id::uuid").param("id", id)
                .query(String.class).single()).isEqualTo("DHL JD0001");

        var delivered = api.post("/api/admin/orders/" + id + "/deliver", "", admin);
        assertThat(delivered.status()).as(delivered.toString()).isEqualTo(200);
        assertThat(status(id)).isEqualTo("delivered");
        assertThat(api.post("/api/admin/orders/" + id + "/ship", Map.of("carrier", "UPS", "trackingNumber", "X"), admin).status())
                .isEqualTo(409);
        assertThat(api.post("/api/admin/orders/" + id + "/ship", Map.of("carrier", "UPS", "trackingNumber", "X"), shopper).status())
                .isEqualTo(403);
        assertThat(api.post("/api/admin/orders/" + UUID.randomUUID() + "/deliver", "", admin).status()).isEqualTo(404);
    }

    @Test
    void refundOfADeliveredOrderRefundsTheMoneyButKeepsTheStockShipped() {
        String sku = shop.productWithStock("8.00", 5);
        String shopper = shop.guest();
        String id = placeOrder(shopper, sku, 2).get("id").asString();
        new InventoryJobs(context).settleSoldHolds();
        ship(id);
        assertThat(api.post("/api/admin/orders/" + id + "/deliver", "", admin).status()).isEqualTo(200);

        var refunded = api.post("/api/admin/orders/" + id + "/refund", "", admin);

        assertThat(refunded.status()).as(refunded.toString()).isEqualTo(200);
        assertThat(refunded.json().get("status").asString()).isEqualTo("refunded");
        assertThat(status(id)).isEqualTo("refunded");
        assertThat(ledger.await(id, "refund").get("amount").asString()).isEqualTo("16.00");
        assertThat(shop.available(sku)).isEqualTo(3);
        assertThat(quantity(sku)).isEqualTo(3);
        assertThat(jdbc.sql("SELECT count(*) FROM stock_movements WHERE sku = :sku AND kind IN ('return', 'release')")
                .param("sku", sku).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT DISTINCT state FROM holds WHERE order_id = :id::uuid").param("id", id)
                .query(String.class).list()).containsExactly("settled");
        assertThat(api.post("/api/admin/orders/" + id + "/refund", "", admin).status()).isEqualTo(409);
    }

    @Test
    void refundBeforeShippingPutsTheUnitsBack() {
        String sku = shop.productWithStock("8.00", 5);
        String shopper = shop.guest();
        String id = placeOrder(shopper, sku, 2).get("id").asString();
        new InventoryJobs(context).settleSoldHolds();

        var refunded = api.post("/api/admin/orders/" + id + "/refund", "", admin);

        assertThat(refunded.status()).as(refunded.toString()).isEqualTo(200);
        assertThat(shop.available(sku)).isEqualTo(5);
        assertThat(quantity(sku)).isEqualTo(5);
        assertThat(ledger.await(id, "refund").get("amount").asString()).isEqualTo("16.00");
    }

    @Test
    void adminListsEveryCustomersOrdersByStatus() {
        String sku = shop.productWithStock("3.00", 10);
        String ann = placeOrder(shop.guest(), sku, 1).get("id").asString();
        String bob = placeOrder(customerToken(), sku, 1).get("id").asString();
        String shipped = placeOrder(shop.guest(), sku, 1).get("id").asString();
        ship(shipped);

        var paid = api.get("/api/admin/orders?status=paid&limit=100", admin);

        assertThat(paid.status()).as(paid.toString()).isEqualTo(200);
        JsonNode items = paid.json().get("items");
        assertThat(items).allSatisfy(o -> assertThat(o.get("status").asString()).isEqualTo("paid"));
        assertThat(items.get(0).get("id").asString()).isEqualTo(bob);
        assertThat(items.get(1).get("id").asString()).isEqualTo(ann);
        assertThat(items.get(0).get("total").asString()).isEqualTo("3.00");
        List<Instant> created = new ArrayList<>();
        items.forEach(o -> created.add(Instant.parse(o.get("createdAt").asString())));
        assertThat(created).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        JsonNode shippedPage = api.get("/api/admin/orders?status=shipped&limit=100", admin).json().get("items");
        assertThat(shippedPage).extracting(o -> o.get("id").asString()).contains(shipped).doesNotContain(ann, bob);

        assertThat(api.get("/api/admin/orders?status=lost", admin).status()).isEqualTo(400);
        assertThat(api.get("/api/admin/orders?status=paid", customerToken()).status()).isEqualTo(403);
        assertThat(api.get("/api/admin/orders?status=paid", shop.guest()).status()).isEqualTo(403);
        assertThat(api.get("/api/admin/orders?status=paid", null).status()).isEqualTo(401);
    }

    @Test
    void illegalTransitionIs409AndChangesNothing() {
        String sku = shop.productWithStock("3.00", 5);
        String id = placeOrder(shop.guest(), sku, 1).get("id").asString();

        var refused = api.post("/api/admin/orders/" + id + "/deliver", "", admin);

        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertIllegalTransitionFrom(refused, "paid");
        assertThat(status(id)).isEqualTo("paid");
        assertThat(jdbc.sql("SELECT status FROM order_history WHERE order_id = :id::uuid ORDER BY id").param("id", id)
                .query(String.class).list()).containsExactly("pending_payment", "paid");
    }

    /**
     * RFC 9457: {@code status} is the HTTP status code, so the order's status needs a member of its
     * own; a second {@code "status"} key would make the JSON ambiguous (most parsers keep the last).
     */
    private static void assertIllegalTransitionFrom(Api.Response refused, String current) {
        JsonNode problem = refused.json();
        assertThat(problem.get("type").asString()).endsWith("/illegal-transition");
        assertThat(problem.get("detail").asString()).contains(current);
        assertThat(refused.body().split("\"status\"", -1)).as("one status member in " + refused.body()).hasSize(2);
        assertThat(problem.get("status").isNumber()).as(refused.body()).isTrue();
        assertThat(problem.get("status").asInt()).isEqualTo(409);
        assertThat(problem.get("currentStatus").asString()).isEqualTo(current);
    }

    private JsonNode placeOrder(String token, String sku, int quantity) {
        var added = shop.add(token, sku, quantity);
        assertThat(added.status()).as(added.toString()).isEqualTo(200);
        var placed = shop.checkout(token, UUID.randomUUID().toString(), "tok_visa");
        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        return placed.json();
    }

    private void ship(String id) {
        var shipped = api.post("/api/admin/orders/" + id + "/ship", Map.of("carrier", "DHL", "trackingNumber", unique("JD")), admin);
        assertThat(shipped.status()).as(shipped.toString()).isEqualTo(200);
    }

    private String status(String id) {
        return jdbc.sql("SELECT status FROM orders WHERE id = :id::uuid").param("id", id).query(String.class).single();
    }

    private long quantity(String sku) {
        return jdbc.sql("SELECT sum(quantity) FROM stock WHERE sku = :sku").param("sku", sku).query(Long.class).single();
    }
}
