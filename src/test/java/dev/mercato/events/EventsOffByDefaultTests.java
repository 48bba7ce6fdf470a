package dev.mercato.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import dev.mercato.support.ApiTest;
import dev.mercato.support.Shop;

/** Without {@code mercato.events.kafka.bootstrap-servers} the events module does nothing: no relay, no outbox rows. */
class EventsOffByDefaultTests extends ApiTest {

    @Autowired
    ApplicationContext context;

    @Test
    void withoutKafkaConfiguredNoEventIsWrittenToTheOutboxAndNoRelayRuns() {
        Shop shop = new Shop(api, adminToken());
        String sku = shop.productWithStock("4.00", 3);
        String token = customerToken();
        assertThat(shop.add(token, sku, 1).status()).isEqualTo(200);
        assertThat(shop.checkout(token, UUID.randomUUID().toString(), "tok_visa").status()).isEqualTo(201);

        assertThat(count("event_outbox")).isZero();
        assertThat(context.containsBean("kafkaRelay")).as("a relay bean").isFalse();
        assertThat(context.containsBean("outboxWriter")).as("an outbox writer bean").isFalse();
    }
}
