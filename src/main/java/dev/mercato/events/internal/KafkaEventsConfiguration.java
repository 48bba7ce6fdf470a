package dev.mercato.events.internal;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Everything of the Kafka externalisation, and only when {@code mercato.events.kafka.bootstrap-servers}
 * is set: without it no listener writes the outbox and no relay runs, so the default in-process setup
 * is exactly what it was.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(EventsSettings.BOOTSTRAP_SERVERS)
class KafkaEventsConfiguration {

    @Bean
    Outbox eventOutbox(JdbcClient jdbc) {
        return new Outbox(jdbc);
    }

    @Bean
    OutboxWriter outboxWriter(Outbox outbox, JsonMapper json, Clock clock) {
        return new OutboxWriter(outbox, new EventEnvelopes(json, clock));
    }

    @Bean(destroyMethod = "close")
    KafkaProducers kafkaProducers(EventsSettings settings) {
        return new KafkaProducers(settings.kafka());
    }

    @Bean
    RelayMetrics relayMetrics(MeterRegistry registry, Clock clock) {
        return new RelayMetrics(registry, clock);
    }

    @Bean
    KafkaRelay kafkaRelay(Outbox outbox, KafkaProducers producers, TransactionTemplate transactions, RelayMetrics metrics,
            EventsSettings settings) {
        return new KafkaRelay(outbox, producers, transactions, metrics, settings);
    }
}
