package dev.mercato.orders;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import dev.mercato.inventory.internal.InventoryJobs;
import dev.mercato.orders.internal.KeysThatDieBeforeFreeing;
import dev.mercato.orders.internal.OrderJobs;
import dev.mercato.payments.ChargeRequest;
import dev.mercato.payments.PaymentOutcome;
import dev.mercato.payments.Payments;
import dev.mercato.platform.commerce.OrderId;
import dev.mercato.platform.commerce.Owner;
import dev.mercato.pricing.PriceQuote;
import dev.mercato.pricing.Pricing;
import dev.mercato.support.Api;
import dev.mercato.support.ApiTest;
import dev.mercato.support.Concurrently;
import dev.mercato.support.Invariants;
import dev.mercato.support.Shop;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12: a checkout the process died in is finished by a retry with its own Idempotency-Key,
 * whatever the recovery job did in between (Stripe-style recovery points). The process dies here as
 * an {@link Error} thrown at the crash point: nothing after it runs, no catch block tidies up, and
 * the open transaction rolls back, which is exactly what the database sees of a killed JVM.
 */
@TestPropertySource(properties = "mercato.orders.recover-after=0s")
@Import(KeysThatDieBeforeFreeing.class)
class CheckoutResumeTests extends ApiTest {

    enum Crash { NONE, AFTER_KEY_CLAIM, AFTER_PENDING_ORDER, AFTER_PROVIDER_CHARGED }

    static volatile Crash crash = Crash.NONE;

    /** Holds the next charge just before the provider is called, until the test lets it go. */
    record Pause(CountDownLatch inCharge, CountDownLatch mayCharge) {
    }

    static volatile Pause paused;

    /** Set once phase 1 died: the dying process does not get to free the key either. */
    static volatile boolean diedAfterClaim;

    static {
        KeysThatDieBeforeFreeing.dies = () -> diedAfterClaim;
    }

    /** What a killed JVM does at the crash point: stops, with no cleanup of its own. */
    static final class SimulatedCrash extends Error {
        SimulatedCrash(Crash where) {
            super("simulated process death " + where);
        }
    }

    @TestConfiguration
    static class CrashPoints {

        @Bean
        @Primary
        Pricing crashingPricing(@Qualifier("catalogPricing") Pricing real) {
            return new Pricing() {
                @Override
                public PriceQuote quote(Owner owner, Map<String, Integer> quantities, String couponCode) {
                    return real.quote(owner, quantities, couponCode);
                }

                @Override
                public PriceQuote priceOrder(Owner owner, Map<String, Integer> quantities, OrderId order, String couponCode) {
                    crashAt(Crash.AFTER_KEY_CLAIM); // inside phase 1: its transaction rolls back, the key stays claimed
                    return real.priceOrder(owner, quantities, order, couponCode);
                }

                @Override
                public void release(OrderId order) {
                    real.release(order);
                }
            };
        }

        @Bean
        @Primary
        Payments crashingPayments(@Qualifier("paymentsService") Payments real) {
            return new dev.mercato.support.ForwardingPayments(real) {
                @Override
                public PaymentOutcome charge(ChargeRequest request) {
                    crashAt(Crash.AFTER_PENDING_ORDER);
                    Pause pause = paused;
                    if (pause != null) {
                        paused = null;
                        pause.inCharge().countDown();
                        await(pause.mayCharge());
                    }
                    PaymentOutcome outcome = super.charge(request);
                    crashAt(Crash.AFTER_PROVIDER_CHARGED);
                    return outcome;
                }
            };
        }

        private static void await(CountDownLatch latch) {
            try {
                assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private static void crashAt(Crash point) {
            if (crash == point) {
                crash = Crash.NONE;
                diedAfterClaim = point == Crash.AFTER_KEY_CLAIM;
                throw new SimulatedCrash(point);
            }
        }
    }

    record Shopper(String token, String key, Crash crashedAt, boolean recoveryRan) {
    }

    @Autowired
    ApplicationContext context;

    private Shop shop;

    @BeforeEach
    void setUp() {
        shop = new Shop(api, adminToken());
    }

    @AfterEach
    void noCrash() {
        crash = Crash.NONE;
        paused = null;
        diedAfterClaim = false;
    }

    @Test
    void everyInterruptedCheckoutEndsWithOneOrderAndOneCaptureWhenRetriedWithItsKey() {
        String sku = shop.productWithStock("12.00", 40);
        List<Shopper> shoppers = new ArrayList<>();
        // first group: crashes, then a restart long enough ago that the recovery job ran over them
        for (Crash point : List.of(Crash.AFTER_KEY_CLAIM, Crash.AFTER_PENDING_ORDER, Crash.AFTER_PROVIDER_CHARGED)) {
            shoppers.add(crashedCheckout(sku, point, true));
            shoppers.add(crashedCheckout(sku, point, true));
        }
        processDiedLongAgo();
        new OrderJobs(context).recoverPendingOrders();
        // second group: the shopper retries before recovery got to it
        for (Crash point : List.of(Crash.AFTER_KEY_CLAIM, Crash.AFTER_PENDING_ORDER, Crash.AFTER_PROVIDER_CHARGED)) {
            shoppers.add(crashedCheckout(sku, point, false));
            shoppers.add(crashedCheckout(sku, point, false));
        }
        processDiedLongAgo();

        for (Shopper shopper : shoppers) {
            var retried = shop.checkout(shopper.token(), shopper.key(), "tok_visa");
            assertThat(retried.status()).as(shopper + " " + retried).isEqualTo(201);
            assertThat(retried.json().get("status").asString()).isEqualTo("paid");
            var replay = shop.checkout(shopper.token(), shopper.key(), "tok_visa");
            assertThat(replay.status()).isEqualTo(201);
            assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
            assertThat(replay.json()).as("the same order on every later replay").isEqualTo(retried.json());
        }
        new OrderJobs(context).recoverPendingOrders();

        for (Shopper shopper : shoppers) {
            assertOneOrderOneCapture(shopper);
            assertThat(api.get("/api/cart", shopper.token()).json().get("items").size()).as("bought items leave the cart").isZero();
        }
        new InventoryJobs(context).settleSoldHolds();
        assertThat(stockQuantity(sku)).as("units conserved: 2 sold per shopper").isEqualTo(40 - 2L * shoppers.size());
        assertThat(shop.available(sku)).isEqualTo(40 - 2L * shoppers.size());
        new Invariants(jdbc).holdFor(List.of(sku));
    }

    @Test
    void twoConcurrentRetriesOfOneInterruptedKeyMakeOneOrderAndOneCapture() throws Exception {
        String sku = shop.productWithStock("9.00", 10);
        List<Shopper> shoppers = List.of(crashedCheckout(sku, Crash.AFTER_KEY_CLAIM, false),
                crashedCheckout(sku, Crash.AFTER_PENDING_ORDER, false), crashedCheckout(sku, Crash.AFTER_PROVIDER_CHARGED, false));
        processDiedLongAgo();

        for (Shopper shopper : shoppers) {
            List<Api.Response> both = Concurrently.run(2, i -> () -> shop.checkout(shopper.token(), shopper.key(), "tok_visa"));
            assertThat(shop.statuses(both.toArray(Api.Response[]::new))).as(shopper + " " + both).contains("201")
                    .allMatch(s -> s.equals("201") || s.equals("409"));
            var last = shop.checkout(shopper.token(), shopper.key(), "tok_visa");
            assertThat(last.status()).as(last.toString()).isEqualTo(201);
            assertOneOrderOneCapture(shopper);
        }
        new InventoryJobs(context).settleSoldHolds();
        assertThat(stockQuantity(sku)).isEqualTo(10 - 2L * shoppers.size());
        new Invariants(jdbc).holdFor(List.of(sku));
    }

    @Test
    void retryRacingTheRecoveryJobEndsWithOneOutcome() throws Exception {
        String sku = shop.productWithStock("9.00", 10);
        for (Crash point : List.of(Crash.AFTER_PENDING_ORDER, Crash.AFTER_PROVIDER_CHARGED)) {
            Shopper shopper = crashedCheckout(sku, point, false);
            processDiedLongAgo();
            List<Integer> outcomes = Concurrently.run(2, i -> () -> i == 0
                    ? new OrderJobs(context).recoverPendingOrders()
                    : shop.checkout(shopper.token(), shopper.key(), "tok_visa").status());
            var last = shop.checkout(shopper.token(), shopper.key(), "tok_visa");
            assertThat(last.status()).as(point + " " + outcomes + " " + last).isEqualTo(201);
            assertOneOrderOneCapture(shopper);
        }
        new InventoryJobs(context).settleSoldHolds();
        new Invariants(jdbc).holdFor(List.of(sku));
    }

    @Test
    void recoveryLeavesAloneAnOrderWhoseRetryIsAtTheProvider() throws Exception {
        String sku = shop.productWithStock("9.00", 10);
        Shopper shopper = crashedCheckout(sku, Crash.AFTER_PENDING_ORDER, false);
        processDiedLongAgo();
        Pause pause = new Pause(new CountDownLatch(1), new CountDownLatch(1));
        paused = pause;
        CompletableFuture<Api.Response> retry = CompletableFuture.supplyAsync(() -> shop.checkout(shopper.token(), shopper.key(), "tok_visa"));
        assertThat(pause.inCharge().await(30, TimeUnit.SECONDS)).isTrue();

        // the provider has not been called yet, so it would say "nothing charged": recovery must not cancel on that
        new OrderJobs(context).recoverPendingOrders();
        pause.mayCharge().countDown();

        assertThat(retry.get(30, TimeUnit.SECONDS).status()).isEqualTo(201);
        assertOneOrderOneCapture(shopper);
        new InventoryJobs(context).settleSoldHolds();
        new Invariants(jdbc).holdFor(List.of(sku));
    }

    @Test
    void retryAfterRecoveryCancelledAnswersInsufficientStockWhenTheUnitsAreGone() {
        String sku = shop.productWithStock("9.00", 2);
        Shopper shopper = crashedCheckout(sku, Crash.AFTER_PENDING_ORDER, true);
        processDiedLongAgo();
        new OrderJobs(context).recoverPendingOrders();
        // the cart's holds ran out and someone else bought the units
        jdbc.sql("UPDATE holds SET expires_at = now() - interval '1 hour' WHERE state = 'active' AND sku = :sku").param("sku", sku).update();
        new InventoryJobs(context).sweepExpiredHolds();
        String other = shop.guest();
        assertThat(shop.add(other, sku, 2).status()).isEqualTo(200);
        assertThat(shop.checkout(other, UUID.randomUUID().toString(), "tok_visa").status()).isEqualTo(201);

        var retried = shop.checkout(shopper.token(), shopper.key(), "tok_visa");
        assertThat(retried.status()).as(retried.toString()).isEqualTo(409);
        assertThat(retried.json().get("type").asString()).endsWith("/insufficient-stock");
        assertThat(shop.checkout(shopper.token(), shopper.key(), "tok_visa").header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(captures(shopper)).isZero();
        assertThat(orders(shopper)).allMatch(o -> o.get("status").asString().equals("cancelled"));
        new InventoryJobs(context).settleSoldHolds();
        new Invariants(jdbc).holdFor(List.of(sku));
    }

    private Shopper crashedCheckout(String sku, Crash point, boolean recoveryRuns) {
        String token = shop.guest();
        assertThat(shop.add(token, sku, 2).status()).isEqualTo(200);
        String key = UUID.randomUUID().toString();
        crash = point;
        var died = shop.checkout(token, key, "tok_visa");
        diedAfterClaim = false;
        assertThat(crash).as("the crash point was reached").isEqualTo(Crash.NONE);
        assertThat(died.status()).as("the client saw the request fail").isEqualTo(500);
        return new Shopper(token, key, point, recoveryRuns);
    }

    /**
     * The crashed process stopped renewing its hold on the keys and orders it was working on; after a
     * restart the time it held them for has long passed.
     */
    private void processDiedLongAgo() {
        boolean leased = jdbc.sql("SELECT count(*) FROM information_schema.columns WHERE table_name = 'idempotency_keys' AND column_name = 'locked_at'")
                .query(Long.class).single() > 0;
        jdbc.sql("UPDATE idempotency_keys SET created_at = created_at - interval '1 hour'"
                + (leased ? ", locked_at = locked_at - interval '1 hour'" : "") + " WHERE status = 'in_flight'").update();
    }

    private void assertOneOrderOneCapture(Shopper shopper) {
        List<JsonNode> orders = orders(shopper);
        assertThat(orders).as(shopper + ": exactly one paid order").filteredOn(o -> o.get("status").asString().equals("paid")).hasSize(1);
        assertThat(orders).as(shopper + ": nothing else but what recovery cancelled before any charge")
                .allMatch(o -> List.of("paid", "cancelled").contains(o.get("status").asString()));
        assertThat(captures(shopper)).as(shopper + ": exactly one capture").isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM idempotency_keys WHERE key = :key AND order_id IS NOT NULL").param("key", shopper.key())
                .query(Long.class).single()).as("the key names one order").isEqualTo(1);
    }

    private List<JsonNode> orders(Shopper shopper) {
        List<JsonNode> orders = new ArrayList<>();
        api.get("/api/orders", shopper.token()).json().get("items").forEach(orders::add);
        return orders;
    }

    private long captures(Shopper shopper) {
        return orders(shopper).stream().mapToLong(o -> jdbc.sql("""
                SELECT count(*) FROM sandbox_payments WHERE order_id = :id::uuid AND kind = 'capture' AND status = 'succeeded'""")
                .param("id", o.get("id").asString()).query(Long.class).single()).sum();
    }

    private long stockQuantity(String sku) {
        return jdbc.sql("SELECT sum(quantity) FROM stock WHERE sku = :sku").param("sku", sku).query(Long.class).single();
    }
}
