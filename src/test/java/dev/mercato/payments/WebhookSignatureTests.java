package dev.mercato.payments;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mercato.support.Api;
import dev.mercato.support.Shop;
import dev.mercato.support.SignedWebhooks;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /api/payments/webhooks/{provider}}: what is refused, what is stored, and that a refused or repeated one changes nothing. */
class WebhookSignatureTests extends RoutedPaymentsTest {

    private SignedWebhooks webhooks;
    private String orderId;
    private String body;
    private String eventId;

    @BeforeEach
    void paidOrder() {
        Shop shop = new Shop(api, adminToken());
        String sku = shop.productWithStock("20.00", 2);
        String guest = shop.guest();
        shop.add(guest, sku, 1);
        Api.Response placed = shop.checkout(guest, UUID.randomUUID().toString(), "tok_visa");
        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        orderId = placed.json().get("id").asString();
        webhooks = new SignedWebhooks(api, SECRET);
        eventId = "evt_" + UUID.randomUUID();
        body = SignedWebhooks.body(eventId, "payment.succeeded", "order-" + orderId + "-capture", "20.00");
    }

    @Test
    void aWellSignedEventIsStoredOnceAndItsReplayChangesNothing() {
        Api.Response first = webhooks.send("sandbox-a", body);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.json().get("duplicate").asBoolean()).isFalse();
        awaitDelivered(eventId);
        List<Object> before = snapshot();

        Api.Response replay = webhooks.send("sandbox-a", body);

        assertThat(replay.status()).as(replay.toString()).isEqualTo(200);
        assertThat(replay.json().get("duplicate").asBoolean()).isTrue();
        assertThat(storedEvents(eventId)).isEqualTo(1);
        assertThat(jdbc.sql("SELECT order_id::text FROM payment_webhook_events WHERE event_id = :id").param("id", eventId)
                .query(String.class).single()).isEqualTo(orderId);
        awaitDelivered(eventId);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void wrongSecretAlteredBodyOldOrFutureTimestampOrNoSignatureIsRefusedAndNothingChanges() {
        List<Object> before = snapshot();
        long now = Instant.now().getEpochSecond();
        String altered = body.replace("\"20.00\"", "\"2000.00\"");

        Map<String, Api.Response> answers = Map.of(
                "wrong secret", webhooks.send("sandbox-a", body, SignedWebhooks.header("whsec_guess", now, body)),
                "altered body", webhooks.send("sandbox-a", altered, SignedWebhooks.header(SECRET, now, body)),
                "old timestamp", webhooks.send("sandbox-a", body, SignedWebhooks.header(SECRET, Instant.now().getEpochSecond() - 330, body)),
                "future timestamp", webhooks.send("sandbox-a", body, SignedWebhooks.header(SECRET,
                        // read the clock at the send: the earlier sends may take seconds on a loaded machine
                        Instant.now().getEpochSecond() + 330, body)),
                "no signature", api.send("/api/payments/webhooks/sandbox-a", "POST", "application/json", body, null),
                "garbage signature", webhooks.send("sandbox-a", body, "t=abc,v1=zz"),
                "timestamp of another body", webhooks.send("sandbox-a", body, SignedWebhooks.header(SECRET, now, body)
                        .replace("t=" + now, "t=" + (now - 1))));

        answers.forEach((why, answer) -> {
            assertThat(answer.status()).as(why + ": " + answer).isEqualTo(400);
            assertThat(answer.header("Content-Type")).as(why).startsWith("application/problem+json");
            assertThat(answer.json().get("type").asString()).as(why).endsWith("/invalid-signature");
        });
        assertThat(storedEvents(eventId)).isZero();
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void aTimestampJustInsideTheToleranceIsAccepted() {
        long fourMinutesAgo = Instant.now().getEpochSecond() - 240;

        Api.Response answer = webhooks.send("sandbox-b", body, SignedWebhooks.header(SECRET, fourMinutesAgo, body));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    }

    @Test
    void aWellSignedBodyThatIsNotAnEventIsABadRequestAndStoresNothing() {
        String notJson = "{\"id\": ";
        String noId = "{\"type\":\"payment.succeeded\",\"data\":{}}";
        String unknownType = "{\"id\":\"" + eventId + "\",\"type\":\"payment.teleported\",\"data\":{}}";

        for (String bad : List.of(notJson, noId, unknownType)) {
            Api.Response answer = webhooks.send("sandbox-a", bad);
            assertThat(answer.status()).as(bad + " -> " + answer).isEqualTo(400);
            assertThat(answer.json().get("type").asString()).endsWith("/invalid-webhook");
        }
        assertThat(storedEvents(eventId)).isZero();
    }

    @Test
    void anUnknownProcessorIsNotFound() {
        Api.Response answer = webhooks.send("paypal", body);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(404);
        assertThat(storedEvents(eventId)).isZero();
    }

    @Test
    void theSameEventIdFromTwoProcessorsIsTwoEvents() {
        assertThat(webhooks.send("sandbox-a", body).json().get("duplicate").asBoolean()).isFalse();
        assertThat(webhooks.send("sandbox-b", body).json().get("duplicate").asBoolean()).isFalse();

        assertThat(storedEvents(eventId)).isEqualTo(2);
    }

    /** What a webhook could change: the order, its history, every ledger. */
    private List<Object> snapshot() {
        return List.of(orderColumn(orderId, "status"),
                jdbc.sql("SELECT count(*) FROM order_history WHERE order_id = :id::uuid").param("id", orderId).query(Long.class).single(),
                ledgerRows("sandbox_payments", orderId), ledgerRows("sandbox_a_payments", orderId),
                ledgerRows("sandbox_b_payments", orderId), capturesEverywhere(orderId));
    }

    private long storedEvents(String id) {
        return jdbc.sql("SELECT count(*) FROM payment_webhook_events WHERE event_id = :id").param("id", id).query(Long.class).single();
    }

    /** The outbox deletes a publication once its listeners completed. */
    private void awaitDelivered(String id) {
        org.awaitility.Awaitility.await("delivery of " + id).atMost(java.time.Duration.ofSeconds(10)).until(() -> jdbc.sql(
                "SELECT count(*) FROM event_publication WHERE serialized_event LIKE :id").param("id", "%" + id + "%")
                .query(Long.class).single() == 0);
    }
}
