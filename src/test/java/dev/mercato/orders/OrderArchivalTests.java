package dev.mercato.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import dev.mercato.support.Api;
import dev.mercato.support.ApiTest;
import dev.mercato.support.Shop;

/**
 * Archival through the admin route: final-state orders created before the cut-off move to the archive in
 * batches (4 here, to have several), their owners still read them, anonymised; a run that fails between
 * batches leaves every order in exactly one place and the next run finishes it.
 */
@TestPropertySource(properties = "mercato.orders.archival.batch-size=4")
class OrderArchivalTests extends ApiTest {

    private Shop shop;
    private String admin;
    private String sku;

    @BeforeEach
    void stock() {
        admin = adminToken();
        shop = new Shop(api, admin);
        sku = shop.productWithStock("7.25", 1000);
    }

    @Test
    void aRunWithBeforeInTheFutureMovesFinalStateOrdersAndTheirOwnersStillReadThemAnonymised() throws Exception {
        String email = "archived-" + UUID.randomUUID() + "@example.com";
        String owner = register(email);
        String cancelled = place(owner);
        assertThat(api.post("/api/orders/" + cancelled + "/cancel", "", owner).status()).isEqualTo(200);
        String delivered = place(owner);
        assertThat(api.post("/api/admin/orders/" + delivered + "/ship", Map.of("carrier", "UPS", "trackingNumber", "1Z999"), admin)
                .status()).isEqualTo(200);
        assertThat(api.post("/api/admin/orders/" + delivered + "/deliver", "", admin).status()).isEqualTo(200);
        String paid = place(owner);
        JsonNode before = api.get("/api/orders/" + delivered, owner).json();

        JsonNode job = runToEnd(Map.of("before", Instant.now().plus(Duration.ofDays(1)).toString()));

        assertThat(job.get("status").asString()).isEqualTo("completed");
        assertThat(job.get("processed").asLong()).isGreaterThanOrEqualTo(2);
        for (String id : List.of(cancelled, delivered)) {
            assertThat(where(id)).as("order %s", id).isEqualTo("archive");
            var read = api.get("/api/orders/" + id, owner);
            assertThat(read.status()).as(read.toString()).isEqualTo(200);
            JsonNode order = read.json();
            assertThat(order.get("archived").asBoolean()).isTrue();
            assertThat(order.get("shippingAddress").propertyNames()).containsExactly("country");
            assertThat(order.at("/shippingAddress/country").asString()).isEqualTo("US");
            assertThat(read.body()).doesNotContain("Ann Buyer", "1 Main St", "12345", "Springfield", "tok_visa");
            assertThat(order.get("total").asString()).isEqualTo("7.25");
            assertThat(order.at("/items/0/sku").asString()).isEqualTo(sku);
            assertThat(api.get("/api/orders/" + id, customerToken()).status()).as("someone else").isEqualTo(404);
        }
        JsonNode archivedDelivered = api.get("/api/orders/" + delivered, owner).json();
        assertThat(archivedDelivered.get("history")).isEqualTo(before.get("history"));
        assertThat(archivedDelivered.get("createdAt")).isEqualTo(before.get("createdAt"));
        assertThat(archivedDelivered.at("/tracking/trackingNumber").asString()).isEqualTo("1Z999");
        assertThat(where(paid)).as("a paid order is not final").isEqualTo("orders");
        assertThat(api.get("/api/orders/" + paid, owner).json().get("archived").asBoolean()).isFalse();

        JsonNode list = api.get("/api/orders?limit=2", owner).json();
        List<String> ids = new ArrayList<>();
        list.get("items").forEach(item -> ids.add(item.get("id").asString()));
        ids.addAll(ids(api.get("/api/orders?limit=2&cursor=" + list.get("nextCursor").asString(), owner)));
        assertThat(ids).as("the owner's list, live and archived, newest first").containsExactly(paid, delivered, cancelled);
        assertThat(api.get("/api/admin/orders/" + cancelled, admin).json().get("archived").asBoolean()).isTrue();

        String document = jdbc.sql("SELECT document::text FROM orders_archive WHERE id = :id::uuid").param("id", cancelled)
                .query(String.class).single();
        assertThat(document).doesNotContain("Ann Buyer", "1 Main St", "tok_visa", email).contains(sha256(email));
        assertThat(jdbc.sql("SELECT total::text FROM orders_archive WHERE id = :id::uuid").param("id", cancelled)
                .query(String.class).single()).as("totals kept for analytics").isEqualTo("7.25");
    }

    @Test
    void aRunThatFailsBetweenBatchesIsFinishedByTheNextAndEveryOrderIsInExactlyOnePlace() throws Exception {
        runToEnd(Map.of("before", Instant.now().plusSeconds(3600).toString())); // what other tests left eligible
        String owner = customerToken();
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String id = place(owner);
            assertThat(api.post("/api/orders/" + id + "/cancel", "", owner).status()).isEqualTo(200);
            orders.add(id);
        }
        // the 6th order (second batch of 4) cannot leave the live table: the run dies inside batch 2 at its
        // worst moment, after the batch was copied to the archive and its lines deleted
        jdbc.sql("""
                CREATE FUNCTION refuse_archiving() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'injected crash while archiving %', OLD.id; END $$""").update();
        jdbc.sql("CREATE TRIGGER refuse_archiving BEFORE DELETE ON orders FOR EACH ROW WHEN (OLD.id = '"
                + orders.get(5) + "'::uuid) EXECUTE FUNCTION refuse_archiving()").update();
        try {
            JsonNode failed = runToEnd(Map.of("before", Instant.now().plusSeconds(3600).toString()));
            assertThat(failed.get("status").asString()).isEqualTo("failed");
            assertThat(failed.get("processed").asLong()).as("the first batch committed").isEqualTo(4);
            assertThat(orders.subList(0, 4)).allSatisfy(id -> assertThat(where(id)).isEqualTo("archive"));
            assertThat(orders.subList(4, 10)).as("the failed batch rolled back whole")
                    .allSatisfy(id -> assertThat(where(id)).isEqualTo("orders"));
        } finally {
            jdbc.sql("DROP TRIGGER refuse_archiving ON orders").update();
            jdbc.sql("DROP FUNCTION refuse_archiving()").update();
        }

        JsonNode rerun = runToEnd(Map.of("before", Instant.now().plusSeconds(3600).toString()));

        assertThat(rerun.get("status").asString()).isEqualTo("completed");
        assertThat(rerun.get("total").asLong()).isEqualTo(6);
        assertThat(rerun.get("processed").asLong()).isEqualTo(6);
        assertThat(orders).allSatisfy(id -> assertThat(where(id)).isEqualTo("archive"));
        assertThat(orders).allSatisfy(id -> assertThat(api.get("/api/orders/" + id, owner).json().get("archived").asBoolean()).isTrue());
    }

    @Test
    void withoutBeforeOnlyOrdersOlderThanTheRetentionMove() throws Exception {
        String owner = customerToken();
        String old = place(owner);
        String recent = place(owner);
        for (String id : List.of(old, recent)) {
            assertThat(api.post("/api/orders/" + id + "/cancel", "", owner).status()).isEqualTo(200);
        }
        jdbc.sql("UPDATE orders SET created_at = now() - interval '3 years' WHERE id = :id::uuid").param("id", old).update();

        JsonNode job = runToEnd(null);

        assertThat(job.get("status").asString()).isEqualTo("completed");
        assertThat(where(old)).isEqualTo("archive");
        assertThat(where(recent)).as("younger than the 2-year retention").isEqualTo("orders");
    }

    @Test
    void aMalformedBeforeIsRefusedAndStartsNothing() {
        long jobs = jdbc.sql("SELECT count(*) FROM jobs WHERE kind = 'orders-archival'").query(Long.class).single();
        var refused = api.post("/api/admin/archival/runs", Map.of("before", "last tuesday"), admin);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json().at("/errors/0/field").asString()).isEqualTo("before");
        assertThat(jdbc.sql("SELECT count(*) FROM jobs WHERE kind = 'orders-archival'").query(Long.class).single()).isEqualTo(jobs);
        assertThat(api.post("/api/admin/archival/runs", Map.of(), customerToken()).status()).isEqualTo(403);
    }

    private String register(String email) {
        var response = api.post("/api/auth/register", Map.of("email", email, "password", "correct-horse-9", "name", "Ann Buyer"), null);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("token").asString();
    }

    private String place(String token) {
        assertThat(shop.add(token, sku, 1).status()).isEqualTo(200);
        var placed = shop.checkout(token, UUID.randomUUID().toString(), "tok_visa");
        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        return placed.json().get("id").asString();
    }

    /** Starts a run and waits for its job to finish; returns the job's final progress. */
    private JsonNode runToEnd(Map<String, String> body) throws InterruptedException {
        var started = api.post("/api/admin/archival/runs", body == null ? "" : body, admin);
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        String jobId = started.json().get("jobId").asString();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode job = api.get("/api/admin/jobs/" + jobId, admin).json();
            if (!job.get("status").asString().equals("running")) {
                return job;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("archival job " + jobId + " still running after 30 s");
    }

    /** "orders", "archive", or what is wrong: an order must be in exactly one of them. */
    private String where(String id) {
        long live = jdbc.sql("SELECT count(*) FROM orders WHERE id = :id::uuid").param("id", id).query(Long.class).single();
        long archived = jdbc.sql("SELECT count(*) FROM orders_archive WHERE id = :id::uuid").param("id", id).query(Long.class).single();
        long lines = jdbc.sql("SELECT count(*) FROM order_lines WHERE order_id = :id::uuid").param("id", id).query(Long.class).single();
        if (live == 1 && archived == 0 && lines > 0) {
            return "orders";
        }
        if (live == 0 && archived == 1 && lines == 0) {
            return "archive";
        }
        return "live=" + live + " archived=" + archived + " lines=" + lines;
    }

    private static List<String> ids(Api.Response page) {
        List<String> ids = new ArrayList<>();
        page.json().get("items").forEach(item -> ids.add(item.get("id").asString()));
        return ids;
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
