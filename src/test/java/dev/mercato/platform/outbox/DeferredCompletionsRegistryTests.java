package dev.mercato.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.events.core.EventPublicationRepository;

import dev.mercato.support.ApiTest;
import dev.mercato.support.Prometheus;
import dev.mercato.support.Shop;

/** Spring Modulith's registry writes through {@link DeferredCompletions}: an order's publications are completed in gathered writes. */
class DeferredCompletionsRegistryTests extends ApiTest {

    @Autowired
    EventPublicationRepository repository;

    @Test
    void anOrdersPublicationsAreCompletedThroughTheGatheredWrites() {
        assertThat(repository).isInstanceOf(DeferredCompletions.class);
        Prometheus prometheus = new Prometheus(api);
        double before = prometheus.value("outbox_completions_written_total");
        Shop shop = new Shop(api, adminToken());
        String guest = shop.guest();
        assertThat(shop.add(guest, shop.productWithStock("3.00", 5), 1).status()).isEqualTo(200);
        var order = shop.checkout(guest, UUID.randomUUID().toString(), "tok_visa");
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        String id = order.json().get("id").asString();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(jdbc.sql(
                "SELECT count(*) FROM event_publication WHERE serialized_event LIKE :id").param("id", "%" + id + "%")
                .query(Long.class).single()).as("the order's publications left").isZero());
        assertThat(prometheus.value("outbox_completions_written_total") - before).as("analytics: placed and paid").isGreaterThanOrEqualTo(2);
    }
}
