package dev.mercato.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.mercato.MercatoApplication;
import dev.mercato.inventory.internal.InventoryJobs;
import dev.mercato.orders.internal.OrderJobs;
import dev.mercato.payments.ChargeRequest;
import dev.mercato.payments.PaymentOutcome;
import dev.mercato.payments.Payments;
import dev.mercato.platform.database.EmbeddedPostgresServer;
import dev.mercato.platform.database.EmbeddedPostgresSettings;
import dev.mercato.support.Api;
import dev.mercato.support.Concurrently;
import dev.mercato.support.EmbeddedRedis;
import dev.mercato.support.ForwardingPayments;
import dev.mercato.support.Invariants;
import dev.mercato.support.Shop;

import static dev.mercato.support.Products.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two Mercato nodes behind one imaginary load balancer, on one external PostgreSQL server and one
 * Redis, both started here (neither node owns the database: both get its URL). What one node does
 * must not be undone, doubled or hidden by the other: a flash sale split over both sells exactly
 * the stock; the background jobs, run by both nodes at the same instant, each act once on each
 * row; an admin's change on one node is read on the other once its invalidation message arrives.
 * Every check that matters is made in the database, not in what the nodes answered.
 */
class TwoNodesTests {

    /** How a checkout on node one dies around the provider call (node two never crashes). */
    enum Crash { NONE, BEFORE_CHARGE, AFTER_CHARGE }

    static final AtomicReference<Crash> crash = new AtomicReference<>(Crash.NONE);

    private static EmbeddedPostgresServer database;
    private static EmbeddedRedis redis;
    private static ConfigurableApplicationContext one;
    private static ConfigurableApplicationContext two;
    private static Api nodeOne;
    private static Api nodeTwo;
    private static JdbcClient jdbc;
    private static String admin;

    /**
     * Registered as a source of node one only (not a scanned {@code @Configuration}, so no other
     * context picks it up): the process "dies" around the provider call while the real provider
     * does the rest, leaving an interrupted checkout for the recovery job.
     */
    static class CrashingPayments {
        @Bean
        @Primary
        Payments crashingPayments(@Qualifier("paymentsService") Payments real) {
            return new ForwardingPayments(real) {
                @Override
                public PaymentOutcome charge(ChargeRequest request) {
                    Crash now = crash.getAndSet(Crash.NONE);
                    if (now == Crash.BEFORE_CHARGE) {
                        throw new IllegalStateException("simulated crash before the provider was called");
                    }
                    PaymentOutcome outcome = super.charge(request);
                    if (now == Crash.AFTER_CHARGE) {
                        throw new IllegalStateException("simulated crash after the provider charged");
                    }
                    return outcome;
                }
            };
        }
    }

    @BeforeAll
    static void startTwoNodes() throws Exception {
        Path data = Files.createTempDirectory(Path.of("target"), "two-nodes-postgres-");
        database = new EmbeddedPostgresServer(new EmbeddedPostgresSettings(data, 0, Duration.ofSeconds(60),
                Map.of("max_connections", "200")));
        redis = new EmbeddedRedis();
        one = node(MercatoApplication.class, CrashingPayments.class);
        two = node(MercatoApplication.class);
        nodeOne = new Api(port(one));
        nodeTwo = new Api(port(two));
        jdbc = one.getBean(JdbcClient.class);
        admin = nodeOne.post("/api/auth/login", Map.of("email", "admin@test.local", "password", "admin-secret-1"), null)
                .json().get("token").asString();
    }

    private static ConfigurableApplicationContext node(Class<?>... sources) {
        return new SpringApplicationBuilder(sources).profiles("test").run("--server.port=0",
                "--spring.datasource.url=" + database.jdbcUrl("postgres"), "--spring.datasource.username=postgres",
                "--spring.datasource.password=", "--mercato.cache.redis.url=" + redis.url(),
                // an interrupted checkout is stale at once, so the test need not wait for it
                "--mercato.orders.recover-after=0s",
                // two nodes' pools on a shared 2-core machine: under the suite's load a request can wait
                // longer than the shipped 5 s for a connection, and answer 503 try-again; this test is about
                // what the nodes do to each other's rows, so it waits instead
                "--spring.datasource.hikari.connection-timeout=30000");
    }

    @AfterAll
    static void stopNodes() throws Exception {
        for (AutoCloseable closing : new AutoCloseable[] {two, one, redis, database}) {
            if (closing != null) {
                closing.close();
            }
        }
    }

    /**
     * 160 buyers at once, 80 on each node, one unit each of a SKU with 40: exactly 40 are granted,
     * then every winner checks out on the node it did not buy on, and the settlers of both nodes
     * fold the sales in together.
     */
    @Test
    void aFlashSaleSplitAcrossBothNodesSellsExactlyTheStock() throws Exception {
        int stock = 40;
        int buyers = 160;
        String sku = new Shop(nodeOne, admin).productWithStock("9.99", stock);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < buyers; i++) {
            tokens.add(shop(i).guest());
        }

        List<Integer> answers = Concurrently.run(buyers, i -> () -> shop(i).add(tokens.get(i), sku, 1).status());

        assertThat(answers).as("granted").filteredOn(status -> status == 200).hasSize(stock);
        assertThat(answers).as("sold out").filteredOn(status -> status == 409).hasSize(buyers - stock);
        // which node wins how many is a race (one node's batch may take them all); what each answered is not
        assertThat(answers).as("every buyer on either node got a grant or a sold-out answer").containsOnly(200, 409);
        assertThat(liveHolds(sku)).as("one live hold per grant, none for a refused buyer").isEqualTo(stock);
        assertThat(reserved(sku)).isEqualTo(stock);

        List<Integer> winners = java.util.stream.IntStream.range(0, buyers).filter(i -> answers.get(i) == 200).boxed().toList();
        List<Integer> orders = Concurrently.run(winners.size(), n -> () -> {
            int buyer = winners.get(n);
            return checkoutRetryingTryAgain(shop(buyer + 1), tokens.get(buyer));
        });
        assertThat(orders).as("every winner's order, placed on the other node").containsOnly(201);

        Concurrently.run(4, i -> () -> jobs(i).settleSoldHolds());
        new Invariants(jdbc).holdFor(List.of(sku));
        assertThat(new Invariants(jdbc).oversold(sku)).isZero();
        assertThat(jdbc.sql("SELECT quantity FROM stock WHERE sku = :sku").param("sku", sku).query(Long.class).single())
                .as("sold out, every sale folded in once").isZero();
        assertThat(reserved(sku)).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM holds WHERE sku = :sku AND state IN ('active', 'committed', 'sold')")
                .param("sku", sku).query(Long.class).single()).as("no hold left behind").isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM stock_movements WHERE sku = :sku AND kind = 'sale'").param("sku", sku)
                .query(Long.class).single()).as("one sale line per hold").isEqualTo(stock);
    }

    /** 24 expired holds over 3 SKUs; both nodes sweep at once, three sweeps each. */
    @Test
    void expiredHoldsAreReleasedOnceWhenBothNodesSweepAtOnce() throws Exception {
        Shop shop = new Shop(nodeOne, admin);
        List<String> skus = List.of(shop.productWithStock("2.00", 50), shop.productWithStock("2.00", 50), shop.productWithStock("2.00", 50));
        for (int i = 0; i < 24; i++) {
            Shop on = shop(i);
            assertThat(on.add(on.guest(), skus.get(i % 3), 1 + i % 2).status()).isEqualTo(200);
        }
        long held = jdbc.sql("SELECT sum(quantity) FROM holds WHERE sku = ANY (:skus)").param("skus", skus.toArray(String[]::new))
                .query(Long.class).single();
        jdbc.sql("UPDATE holds SET expires_at = now() - interval '1 minute' WHERE sku = ANY (:skus)")
                .param("skus", skus.toArray(String[]::new)).update();

        List<Integer> released = Concurrently.run(6, i -> () -> jobs(i).sweepExpiredHolds());

        assertThat(released.stream().mapToInt(Integer::intValue).sum()).as("holds released, over all sweeps of both nodes")
                .isLessThanOrEqualTo(24); // a scheduled sweep may have taken some; the database below says how many in all
        for (String sku : skus) {
            assertThat(reserved(sku)).as(sku).isZero();
            assertThat(jdbc.sql("SELECT count(*) FROM holds WHERE sku = :sku AND state = 'expired'").param("sku", sku)
                    .query(Long.class).single()).isEqualTo(8);
        }
        assertThat(jdbc.sql("SELECT -sum(reserved_delta) FROM stock_movements WHERE sku = ANY (:skus) AND kind = 'expire'")
                .param("skus", skus.toArray(String[]::new)).query(Long.class).single())
                .as("units given back by the ledger: each hold's once").isEqualTo(held);
        new Invariants(jdbc).holdFor(skus);
    }

    /**
     * Six checkouts die on node one: three before the provider was called, three after it charged.
     * Both nodes' recovery jobs then run at once, twice each: each order ends once (paid, or
     * cancelled with its holds back in the cart), captured at most once, and never twice.
     */
    @Test
    void interruptedCheckoutsAreRecoveredOnceWhenBothNodesRecoverAtOnce() throws Exception {
        Shop shop = new Shop(nodeOne, admin);
        String sku = shop.productWithStock("15.00", 20);
        List<String> orders = new ArrayList<>();
        Map<String, Crash> crashes = new java.util.HashMap<>();
        for (int i = 0; i < 6; i++) {
            String shopper = shop.guest();
            assertThat(shop.add(shopper, sku, 2).status()).isEqualTo(200);
            Crash how = i % 2 == 0 ? Crash.BEFORE_CHARGE : Crash.AFTER_CHARGE;
            crash.set(how);
            var crashed = shop.checkout(shopper, UUID.randomUUID().toString(), "tok_visa");
            assertThat(crashed.status()).as(crashed.toString()).isEqualTo(202);
            String orderId = crashed.json().get("id").asString();
            orders.add(orderId);
            crashes.put(orderId, how);
        }
        // the crashed requests held their keys for the checkout lease; recovery takes over once it ran out
        jdbc.sql("UPDATE idempotency_keys SET locked_at = locked_at - interval '1 hour' WHERE status = 'in_flight'").update();

        List<Integer> finished = Concurrently.run(4, i -> () -> orderJobs(i).recoverPendingOrders());

        assertThat(finished.stream().mapToInt(Integer::intValue).sum()).as("orders finished over both nodes' runs").isEqualTo(6);
        for (String orderId : orders) {
            boolean charged = crashes.get(orderId) == Crash.AFTER_CHARGE;
            assertThat(status(orderId)).as(orderId).isEqualTo(charged ? "paid" : "cancelled");
            assertThat(captures(orderId)).as("captures of " + orderId).isEqualTo(charged ? 1 : 0);
            assertThat(jdbc.sql("SELECT count(*) FROM orders WHERE id = :id::uuid").param("id", orderId).query(Long.class).single())
                    .isEqualTo(1);
        }
        Concurrently.run(4, i -> () -> jobs(i).settleSoldHolds());
        new Invariants(jdbc).holdFor(List.of(sku));
        assertThat(jdbc.sql("SELECT quantity FROM stock WHERE sku = :sku").param("sku", sku).query(Long.class).single())
                .as("three orders of two units sold").isEqualTo(14);
    }

    /** Three stock rows drift; both nodes reconcile at once, three runs each: each row is repaired once. */
    @Test
    void reconcilerDriftIsCorrectedOnceWhenBothNodesReconcileAtOnce() throws Exception {
        Shop shop = new Shop(nodeOne, admin);
        List<String> skus = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String sku = shop.productWithStock("3.00", 10);
            assertThat(shop.add(shop.guest(), sku, 2).status()).isEqualTo(200);
            jdbc.sql("UPDATE stock SET reserved = reserved + 3 WHERE sku = :sku").param("sku", sku).update();
            skus.add(sku);
        }
        double before = repairs(one) + repairs(two);

        Concurrently.run(6, i -> () -> jobs(i).reconcile());

        for (String sku : skus) {
            assertThat(reserved(sku)).as(sku).isEqualTo(2);
        }
        // the counter counts scheduled runs too, so a repair made by a node's own schedule is not missed
        assertThat(repairs(one) + repairs(two) - before).as("repairs over both nodes").isEqualTo(3);
        new Invariants(jdbc).holdFor(skus);
    }

    /** The price is changed through node one; node two's cached page changes once the pub/sub message reached it. */
    @Test
    void aPriceChangedOnNodeOneIsReadOnNodeTwoAfterTheInvalidationMessage() {
        String sku = new Shop(nodeOne, admin).productWithStock("10.00", 5);
        String id = jdbc.sql("SELECT product_id::text FROM product_variants WHERE sku = :sku").param("sku", sku).query(String.class).single();
        var cached = nodeTwo.get("/api/products/" + id, null);
        assertThat(nodeTwo.get("/api/products/" + id, null, "If-None-Match", cached.header("ETag")).status())
                .as("node two keeps the page").isEqualTo(304);

        var changed = nodeOne.put("/api/admin/products/" + id, product("Stocked " + sku, "Stocky", "test/stocked", sku, "11.75"), admin);
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);

        await().atMost(SharedCacheTests.ACROSS_NODES).untilAsserted(() -> {
            var next = nodeTwo.get("/api/products/" + id, null);
            assertThat(next.json().get("variants").get(0).get("price").asString()).isEqualTo("11.75");
            assertThat(next.header("ETag")).isEqualTo(changed.header("ETag"));
        });
    }

    /** A 503 is "try again" (nothing was done); a client retries with the same key, which cannot order twice. */
    private static int checkoutRetryingTryAgain(Shop on, String token) throws InterruptedException {
        String key = UUID.randomUUID().toString();
        int status = on.checkout(token, key, "tok_visa").status();
        for (int retry = 0; status == 503 && retry < 5; retry++) {
            Thread.sleep(500);
            status = on.checkout(token, key, "tok_visa").status();
        }
        return status;
    }

    private static Shop shop(int i) {
        return new Shop(i % 2 == 0 ? nodeOne : nodeTwo, admin);
    }

    private static InventoryJobs jobs(int i) {
        return new InventoryJobs(i % 2 == 0 ? one : two);
    }

    private static OrderJobs orderJobs(int i) {
        return new OrderJobs(i % 2 == 0 ? one : two);
    }

    private static double repairs(ConfigurableApplicationContext node) {
        var counter = node.getBean(MeterRegistry.class).find("inventory_reserved_drift_repairs").counter();
        return counter == null ? 0 : counter.count();
    }

    private static long liveHolds(String sku) {
        return jdbc.sql("SELECT count(*) FROM holds WHERE sku = :sku AND state IN ('active', 'committed', 'sold')").param("sku", sku)
                .query(Long.class).single();
    }

    private static long reserved(String sku) {
        return jdbc.sql("SELECT reserved FROM stock WHERE sku = :sku").param("sku", sku).query(Long.class).single();
    }

    private static String status(String orderId) {
        return jdbc.sql("SELECT status FROM orders WHERE id = :id::uuid").param("id", orderId).query(String.class).single();
    }

    private static long captures(String orderId) {
        return jdbc.sql("SELECT count(*) FROM sandbox_payments WHERE order_id = :id::uuid AND kind = 'capture' AND status = 'succeeded'")
                .param("id", orderId).query(Long.class).single();
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }
}
