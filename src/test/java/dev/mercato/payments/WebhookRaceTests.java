package dev.mercato.payments;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mercato.support.Api;
import dev.mercato.support.Shop;
import dev.mercato.support.SignedWebhooks;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The failure known from other platforms: the processor's {@code payment.succeeded} webhook arrives
 * while the shopper's own checkout call is still running, and both settle the order (two captures,
 * or a second order). Here the webhook only marks a pending order paid after the processor's ledger
 * shows the capture, through the same locked step as checkout: whoever comes second finds it settled.
 * Every case is checked in the database: one order, one paid transition, one capture in all ledgers.
 */
class WebhookRaceTests extends RoutedPaymentsTest {

    private Shop shop;
    private SignedWebhooks webhooks;

    @BeforeEach
    void setUp() {
        shop = new Shop(api, adminToken());
        webhooks = new SignedWebhooks(api, SECRET);
    }

    @Test
    void webhookArrivingWhileTheCheckoutCallIsStillRunningSettlesTheOrderOnce() throws Exception {
        Cart cart = cart("tok_visa");
        CountDownLatch charged = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<UUID> order = new AtomicReference<>();
        gate = new Gate() {
            @Override
            public void afterCharge(UUID orderId, PaymentOutcome outcome) {
                order.set(orderId);
                charged.countDown();
                await(release);
            }
        };

        CompletableFuture<Api.Response> checkout = CompletableFuture.supplyAsync(() -> shop.checkout(cart.token, cart.key, cart.card));
        assertThat(charged.await(30, TimeUnit.SECONDS)).isTrue();
        String orderId = order.get().toString();
        String eventId = "evt_" + UUID.randomUUID();
        Api.Response webhook = webhooks.send("sandbox-a",
                SignedWebhooks.body(eventId, "payment.succeeded", "order-" + orderId + "-capture", "10.00"));
        assertThat(webhook.status()).as(webhook.toString()).isEqualTo(200);
        awaitDelivered(eventId);
        assertThat(orderColumn(orderId, "status")).as("the webhook settled the order while checkout waited").isEqualTo("paid");
        release.countDown();
        Api.Response answer = checkout.get(30, TimeUnit.SECONDS);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        assertThat(answer.json().get("id").asString()).isEqualTo(orderId);
        assertSettledOnce(cart, orderId);
    }

    @Test
    void webhookAfterTheCheckoutAnsweredChangesNothing() {
        Cart cart = cart("tok_processor_down");
        Api.Response answer = shop.checkout(cart.token, cart.key, cart.card);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        String orderId = answer.json().get("id").asString();
        String eventId = "evt_" + UUID.randomUUID();

        Api.Response webhook = webhooks.send("sandbox-b",
                SignedWebhooks.body(eventId, "payment.succeeded", "order-" + orderId + "-capture", "10.00"));

        assertThat(webhook.status()).as(webhook.toString()).isEqualTo(200);
        awaitDelivered(eventId);
        assertSettledOnce(cart, orderId);
    }

    @Test
    void webhookBeforeAnyChargeDoesNothingAndTheCheckoutStillPaysOnce() throws Exception {
        Cart cart = cart("tok_visa");
        AtomicReference<String> eventId = new AtomicReference<>();
        gate = new Gate() {
            @Override
            public void beforeCharge(UUID orderId) {
                String id = "evt_" + UUID.randomUUID();
                eventId.set(id);
                Api.Response webhook = webhooks.send("sandbox-a",
                        SignedWebhooks.body(id, "payment.succeeded", "order-" + orderId + "-authorize", "10.00"));
                assertThat(webhook.status()).isEqualTo(200);
                awaitDelivered(id);
            }
        };

        Api.Response answer = shop.checkout(cart.token, cart.key, cart.card);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        assertSettledOnce(cart, answer.json().get("id").asString());
    }

    @Test
    void webhookAndCheckoutAtOnceManyTimesSettleEachOrderOnce() throws Exception {
        for (int round = 0; round < 30; round++) {
            Cart cart = cart(round % 2 == 0 ? "tok_visa" : "tok_processor_down");
            boolean afterCharge = round % 3 != 0;
            // some rounds hold the checkout until the webhook was handled, so the webhook wins for sure
            boolean webhookWins = afterCharge && round % 4 == 1;
            AtomicReference<CompletableFuture<String>> sent = new AtomicReference<>();
            gate = new Gate() {
                @Override
                public void beforeCharge(UUID orderId) {
                    if (!afterCharge) {
                        sent.set(fire(orderId, "order-" + orderId + "-capture", "sandbox-a"));
                    }
                }

                @Override
                public void afterCharge(UUID orderId, PaymentOutcome outcome) {
                    if (afterCharge) {
                        // by the processor's own payment id half of the time, by the order's key otherwise
                        String reference = outcome.authorizationId() != null && ThreadLocalRandom.current().nextBoolean()
                                ? null : "order-" + orderId + "-capture";
                        sent.set(reference == null ? fireByPaymentId(orderId, outcome) : fire(orderId, reference, outcome.provider()));
                        if (webhookWins) {
                            awaitDelivered(sent.get().join());
                        }
                    }
                }
            };

            Api.Response answer = shop.checkout(cart.token, cart.key, cart.card);

            assertThat(answer.status()).as("round %d: %s", round, answer).isEqualTo(201);
            String eventId = sent.get().get(30, TimeUnit.SECONDS);
            awaitDelivered(eventId);
            assertSettledOnce(cart, answer.json().get("id").asString());
        }
    }

    /** Sends the webhook from another thread, after a random moment, while the checkout goes on. */
    private CompletableFuture<String> fire(UUID orderId, String idempotencyKey, String provider) {
        String eventId = "evt_" + UUID.randomUUID();
        String body = SignedWebhooks.body(eventId, "payment.succeeded", idempotencyKey, "10.00");
        return CompletableFuture.supplyAsync(() -> {
            spin();
            Api.Response webhook = webhooks.send(provider, body);
            assertThat(webhook.status()).as(webhook.toString()).isEqualTo(200);
            return eventId;
        });
    }

    private CompletableFuture<String> fireByPaymentId(UUID orderId, PaymentOutcome outcome) {
        String eventId = "evt_" + UUID.randomUUID();
        String body = """
                {"id":"%s","type":"payment.succeeded","data":{"paymentIntent":"%s","amount":"10.00","currency":"USD"}}"""
                .formatted(eventId, outcome.authorizationId());
        return CompletableFuture.supplyAsync(() -> {
            spin();
            Api.Response webhook = webhooks.send(outcome.provider(), body);
            assertThat(webhook.status()).as(webhook.toString()).isEqualTo(200);
            assertThat(jdbc.sql("SELECT order_id FROM payment_webhook_events WHERE event_id = :id").param("id", eventId)
                    .query(UUID.class).single()).as("the payment id names the order").isEqualTo(orderId);
            return eventId;
        });
    }

    private static void spin() {
        long spins = ThreadLocalRandom.current().nextLong(200_000);
        for (long i = 0; i < spins; i++) {
            Thread.onSpinWait();
        }
    }

    private void assertSettledOnce(Cart cart, String orderId) {
        assertThat(orderColumn(orderId, "status")).isEqualTo("paid");
        assertThat(jdbc.sql("SELECT count(*) FROM order_history WHERE order_id = :id::uuid AND status = 'paid'")
                .param("id", orderId).query(Long.class).single()).as("paid transitions of %s", orderId).isEqualTo(1);
        assertThat(capturesEverywhere(orderId)).as("captures of %s in all ledgers", orderId).isEqualTo(1);
        assertThat(api.get("/api/orders", cart.token).json().get("items")).as("the shopper's orders").hasSize(1);
        Api.Response replay = shop.checkout(cart.token, cart.key, cart.card);
        assertThat(replay.status()).as(replay.toString()).isEqualTo(201);
        assertThat(replay.json().get("id").asString()).isEqualTo(orderId);
        assertThat(jdbc.sql("SELECT count(*) FROM orders WHERE id <> :id::uuid AND hold_owner = (SELECT hold_owner FROM orders WHERE id = :id::uuid)")
                .param("id", orderId).query(Long.class).single()).as("other orders of the same cart").isZero();
    }

    private Cart cart(String card) {
        String sku = shop.productWithStock("10.00", 3);
        String guest = shop.guest();
        shop.add(guest, sku, 1);
        return new Cart(guest, UUID.randomUUID().toString(), card);
    }

    private record Cart(String token, String key, String card) {
    }

    private void awaitDelivered(String eventId) {
        Awaitility.await("delivery of " + eventId).atMost(Duration.ofSeconds(15)).until(() -> jdbc.sql(
                "SELECT count(*) FROM event_publication WHERE serialized_event LIKE :id").param("id", "%" + eventId + "%")
                .query(Long.class).single() == 0);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
