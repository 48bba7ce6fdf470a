package dev.mercato.events.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param kafka where and how the outbox is relayed; without {@code bootstrapServers} nothing is written or sent
 */
@ConfigurationProperties("mercato.events")
record EventsSettings(@DefaultValue Kafka kafka) {

    /** Read by {@code @ConditionalOnProperty}: the whole relay exists only when this is set. */
    static final String BOOTSTRAP_SERVERS = "mercato.events.kafka.bootstrap-servers";

    /** {@link Kafka#relayInterval()} for a {@code @Scheduled} annotation, read from this bean. */
    static final String RELAY_INTERVAL = "#{beanFactory.getBean(T(dev.mercato.events.internal.EventsSettings)).kafka().relayInterval()}";

    /**
     * @param bootstrapServers Kafka brokers ({@code host:port,...}); unset: no outbox rows, no relay
     * @param relayInterval    pause between two relay passes (a pass drains the outbox, batch after batch)
     * @param batchSize        events sent per batch; a batch is deleted from the outbox only once the broker acked all of it
     * @param sendTimeout      how long a batch may wait for the broker's acknowledgements (and the producer for
     *                         metadata) before the pass gives up and the batch waits for the next one
     */
    record Kafka(
            String bootstrapServers,
            @DefaultValue("500ms") Duration relayInterval,
            @DefaultValue("500") int batchSize,
            @DefaultValue("10s") Duration sendTimeout) {
    }
}
