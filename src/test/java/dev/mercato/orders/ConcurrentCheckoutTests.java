package dev.mercato.orders;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import dev.mercato.inventory.internal.InventoryJobs;
import dev.mercato.support.Api;
import dev.mercato.support.ApiTest;
import dev.mercato.support.Concurrently;
import dev.mercato.support.Invariants;
import dev.mercato.support.Shop;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many shoppers at once against real PostgreSQL, through the HTTP API; afterwards the invariants are
 * checked in the database, not just the status codes.
 */
class ConcurrentCheckoutTests extends ApiTest {

    @Autowired
    ApplicationContext context;

    private Shop shop;
    private InventoryJobs jobs;

    @BeforeEach
    void setUp() {
        shop = new Shop(api, adminToken());
        jobs = new InventoryJobs(context);
    }

    @Test
    void twoHundredShoppersForFiftyUnitsMakeExactlyFiftyOrders() throws Exception {
        assertFiftyOfTwoHundredSucceed(shop.productWithStock("25.00", 50));
    }

    @Test
    void stockSplitOverThreeWarehousesSellsOutExactlyToo() throws Exception {
        String sku = shop.productWithStock("25.00", 20, 20, 10);
        assertFiftyOfTwoHundredSucceed(sku);
        assertThat(jdbc.sql("SELECT count(*) FROM stock WHERE sku = :sku AND quantity = 0").param("sku", sku)
                .query(Long.class).single()).isEqualTo(3);
    }

    private void assertFiftyOfTwoHundredSucceed(String sku) throws Exception {
        List<String> shoppers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            shoppers.add(shop.guest());
        }
        AtomicInteger next = new AtomicInteger();
        List<Integer> outcomes = Concurrently.onVirtualThreads(200, () -> {
            String shopper = shoppers.get(next.getAndIncrement());
            Api.Response added = shop.add(shopper, sku, 1);
            if (added.status() != 200) {
                assertThat(added.status()).as(added.toString()).isEqualTo(409);
                return added.status();
            }
            Api.Response placed = shop.checkout(shopper, UUID.randomUUID().toString(), "tok_visa");
            assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
            return placed.status();
        });

        assertThat(outcomes.stream().filter(status -> status == 201)).hasSize(50);
        assertThat(outcomes.stream().filter(status -> status == 409)).hasSize(150);
        jobs.settleSoldHolds();
        assertThat(jdbc.sql("SELECT count(*) FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE l.sku = :sku AND o.status = 'paid'")
                .param("sku", sku).query(Long.class).single()).isEqualTo(50);
        assertThat(jdbc.sql("SELECT coalesce(sum(quantity), 0) FROM stock WHERE sku = :sku").param("sku", sku).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT coalesce(sum(reserved), 0) FROM stock WHERE sku = :sku").param("sku", sku).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM holds WHERE sku = :sku AND state IN ('active', 'committed', 'sold')")
                .param("sku", sku).query(Long.class).single()).as("live holds left").isZero();
        new Invariants(jdbc).holdFor(List.of(sku));
    }

    /**
     * Shoppers add, change, remove and check out, holds expire, orders are cancelled and stock is
     * restocked, all at once over a few SKUs; no schedule may oversell or leak a unit.
     */
    @Test
    void randomisedMixKeepsEveryInvariant() throws Exception {
        List<String> skus = List.of(shop.productWithStock("3.00", 15), shop.productWithStock("4.00", 8, 4),
                shop.productWithStock("5.00", 5));
        String admin = adminToken();
        List<String> shoppers = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            shoppers.add(shop.guest());
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(6).toNanos();
        Concurrently.onVirtualThreads(shoppers.size() + 2, () -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            int me = random.nextInt(shoppers.size());
            String shopper = shoppers.get(me);
            int operations = 0;
            while (System.nanoTime() < deadline && operations++ < 400) {
                String sku = skus.get(random.nextInt(skus.size()));
                int dice = random.nextInt(100);
                Api.Response response;
                if (dice < 35) {
                    response = shop.add(shopper, sku, 1 + random.nextInt(3));
                } else if (dice < 50) {
                    response = api.send("/api/cart/items/" + sku, "PATCH", "application/json",
                            Api.toJson(Map.of("quantity", random.nextInt(4))), shopper);
                } else if (dice < 58) {
                    response = api.delete("/api/cart/items/" + sku, shopper);
                } else if (dice < 78) {
                    response = shop.checkout(shopper, UUID.randomUUID().toString(), random.nextInt(5) == 0 ? "tok_declined" : "tok_visa");
                } else if (dice < 86) {
                    response = cancelLatest(shopper);
                } else if (dice < 92) {
                    // some holds run out mid-run; the sweeper releases them while others are buying
                    jdbc.sql("""
                            UPDATE holds SET expires_at = now() - interval '1 second' WHERE id IN (
                                SELECT id FROM holds WHERE state = 'active' AND sku = :sku AND random() < 0.3 FOR UPDATE SKIP LOCKED)""")
                            .param("sku", sku).update();
                    // never a deadlock victim: it skips the holds of owners being changed (SweeperLockOrderTests)
                    jobs.sweepExpiredHolds();
                    continue;
                } else if (dice < 96) {
                    response = api.post("/api/admin/stock/" + sku + "/wh-0/adjustments", Map.of("delta", 1 + random.nextInt(3), "reason", "restock"), admin);
                } else {
                    jobs.settleSoldHolds();
                    continue;
                }
                assertThat(response.status()).as(response.toString()).isLessThan(500);
            }
            return operations;
        });

        jobs.settleSoldHolds();
        new Invariants(jdbc).holdFor(skus);
        assertThat(jobs.reconcile()).as("rows whose reserved counter had drifted").isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE l.sku = ANY (:skus) AND o.status = 'paid'")
                .param("skus", skus.toArray(String[]::new)).query(Long.class).single()).as("the run sold something").isPositive();
    }

    private Api.Response cancelLatest(String shopper) {
        var orders = api.get("/api/orders?limit=1", shopper).json().get("items");
        if (orders.isEmpty()) {
            return api.get("/api/cart", shopper);
        }
        Api.Response cancelled = api.post("/api/orders/" + orders.get(0).get("id").asString() + "/cancel", "", shopper);
        assertThat(cancelled.status()).as(cancelled.toString()).isIn(200, 409);
        return cancelled;
    }
}
