package dev.mercato.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.mercato.support.ApiTest;
import dev.mercato.support.Shop;

/**
 * The outbox relay against a real Kafka broker started in this JVM: events reach their topics keyed and
 * versioned; with the broker down checkout still works, the events wait in the outbox, and when a broker is
 * back every one of them arrives, once per event id after de-duplication, each order's in the order it happened.
 */
@TestPropertySource(properties = {"mercato.events.kafka.relay-interval=200ms", "mercato.events.kafka.send-timeout=4s"})
@DirtiesContext // its relay would keep calling the stopped broker while later test classes run
class KafkaEventsTests extends ApiTest {

    private static final KafkaBroker kafka = new KafkaBroker();

    static {
        kafka.start();
    }

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry properties) {
        properties.add("mercato.events.kafka.bootstrap-servers", kafka::address);
    }

    @AfterAll
    static void stopBroker() {
        kafka.ensureStopped();
    }

    @Autowired
    JsonMapper json;

    @BeforeEach
    void brokerUp() {
        kafka.ensureRunning(); // after a test that failed while the broker was down
    }

    @Autowired
    MeterRegistry metrics;

    @Test
    void orderInventoryAndProductEventsReachTheirTopicsKeyedVersionedAndIdentified() {
        Shop shop = new Shop(api, adminToken());
        String sku = shop.productWithStock("12.50", 5);
        long productId = jdbc.sql("SELECT product_id FROM product_variants WHERE sku = :sku").param("sku", sku).query(Long.class).single();
        String order = placeOrder(shop, sku);

        var read = kafka.readUntil(records -> types(records, order).size() >= 3 && has(records, "inventory-events", sku)
                && has(records, "product-events", Long.toString(productId)), Duration.ofSeconds(30));

        assertThat(types(read, order)).containsExactly("OrderPlaced:", "OrderStatusChanged:pending_payment", "OrderStatusChanged:paid");
        ConsumerRecord<String, String> placed = read.stream().filter(r -> order.equals(r.key())).findFirst().orElseThrow();
        assertThat(placed.topic()).isEqualTo("order-events");
        JsonNode envelope = json.readTree(placed.value());
        assertThat(envelope.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(envelope.get("type").asString()).isEqualTo("OrderPlaced");
        assertThat(envelope.get("key").asString()).isEqualTo(order);
        assertThat(UUID.fromString(envelope.get("eventId").asString())).isNotNull();
        assertThat(new String(placed.headers().lastHeader("eventId").value(), StandardCharsets.UTF_8))
                .isEqualTo(envelope.get("eventId").asString());
        assertThat(envelope.at("/data/total/amount").asString()).isEqualTo("12.50");
        assertThat(envelope.at("/data/lines/0/sku").asString()).isEqualTo(sku);

        JsonNode stock = json.readTree(read.stream().filter(r -> r.topic().equals("inventory-events") && sku.equals(r.key()))
                .findFirst().orElseThrow().value());
        assertThat(stock.get("type").asString()).isEqualTo("StockChanged");
        assertThat(stock.at("/data/sku").asString()).isEqualTo(sku);
    }

    @Test
    void whileKafkaIsDownCheckoutWorksAndEveryWaitingEventArrivesOnceInOrderWhenItIsBack() throws Exception {
        Shop shop = new Shop(api, adminToken());
        String sku = shop.productWithStock("3.00", 100);
        awaitEmptyOutbox(); // what the set-up published is out before the broker goes

        kafka.stop();
        double failuresBefore = metrics.get("events_relay_failures").counter().count();
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            orders.add(placeOrder(shop, sku)); // 201 each: asserted inside
        }
        List<String> waiting = jdbc.sql("SELECT event_id::text FROM event_outbox ORDER BY id").query(String.class).list();
        assertThat(waiting).as("3 events per order wait in the outbox").hasSizeGreaterThanOrEqualTo(15);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while ((metrics.get("events_relay_failures").counter().count() == failuresBefore
                || metrics.get("events_outbox_backlog").gauge().value() < waiting.size()) && System.nanoTime() < deadline) {
            Thread.sleep(100); // until a relay pass after the last order failed and reported what waits
        }
        assertThat(metrics.get("events_relay_failures").counter().count()).as("the relay tried and failed").isGreaterThan(failuresBefore);
        assertThat(metrics.get("events_outbox_backlog").gauge().value()).isGreaterThanOrEqualTo(15);
        assertThat(metrics.get("events_outbox_oldest_age").gauge().value()).isGreaterThan(0);
        assertThat(new dev.mercato.support.Prometheus(api).value("events_outbox_oldest_age_seconds"))
                .as("the series the KafkaOutboxBacklogOld alert reads").isGreaterThan(0);
        assertThat(count("event_outbox")).as("nothing left the outbox while the broker was down").isGreaterThanOrEqualTo(waiting.size());

        kafka.start(); // a new, empty broker on the same address
        var read = kafka.readUntil(records -> ids(records).containsAll(waiting), Duration.ofSeconds(60));

        Map<String, ConsumerRecord<String, String>> firstDelivery = new LinkedHashMap<>();
        read.forEach(record -> firstDelivery.putIfAbsent(eventId(record), record)); // the consumer's de-duplication
        assertThat(firstDelivery.keySet()).containsAll(waiting);
        assertThat(read.stream().filter(r -> waiting.contains(eventId(r))).map(this::eventId).distinct().count())
                .as("each waiting event once after de-duplication").isEqualTo(waiting.size());
        for (String order : orders) {
            assertThat(types(new ArrayList<>(firstDelivery.values()), order)).as("events of order %s in order", order)
                    .containsExactly("OrderPlaced:", "OrderStatusChanged:pending_payment", "OrderStatusChanged:paid");
        }
        awaitEmptyOutbox();
        assertThat(metrics.get("events_outbox_backlog").gauge().value()).isZero();
    }

    private String placeOrder(Shop shop, String sku) {
        String token = customerToken();
        assertThat(shop.add(token, sku, 1).status()).isEqualTo(200);
        var placed = shop.checkout(token, UUID.randomUUID().toString(), "tok_visa");
        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        return placed.json().get("id").asString();
    }

    private void awaitEmptyOutbox() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (count("event_outbox") > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(count("event_outbox")).as("outbox drained").isZero();
    }

    /** The order's events, de-duplicated by event id, as "type:to", in partition order. */
    private List<String> types(List<ConsumerRecord<String, String>> records, String orderId) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> types = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            if (record.topic().equals("order-events") && orderId.equals(record.key()) && seen.add(eventId(record))) {
                JsonNode envelope = json.readTree(record.value());
                JsonNode to = envelope.at("/data/to");
                types.add(envelope.get("type").asString() + ":" + (to.isMissingNode() ? "" : to.asString()));
            }
        }
        return types;
    }

    private boolean has(List<ConsumerRecord<String, String>> records, String topic, String key) {
        return records.stream().anyMatch(r -> r.topic().equals(topic) && key.equals(r.key()));
    }

    private Set<String> ids(List<ConsumerRecord<String, String>> records) {
        Set<String> ids = new LinkedHashSet<>();
        records.forEach(record -> ids.add(eventId(record)));
        return ids;
    }

    private String eventId(ConsumerRecord<String, String> record) {
        return new String(record.headers().lastHeader("eventId").value(), StandardCharsets.UTF_8);
    }
}
