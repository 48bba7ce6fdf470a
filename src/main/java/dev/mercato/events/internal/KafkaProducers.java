package dev.mercato.events.internal;

import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The relay's producer, made on first use and replaced after a failed batch. Idempotent with
 * {@code acks=all}: the broker drops a retried duplicate and keeps a partition in send order. Timeouts are
 * short and bounded by {@code sendTimeout}, because the relay waits for them while it holds its transaction.
 */
final class KafkaProducers implements AutoCloseable {

    private final Map<String, Object> config;
    private DefaultKafkaProducerFactory<String, String> factory;
    private KafkaTemplate<String, String> template;

    KafkaProducers(EventsSettings.Kafka settings) {
        long timeout = Math.max(1000, settings.sendTimeout().toMillis());
        this.config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                // waiting for metadata (a broker that is down) gives up within half the send timeout,
                // and a sent record is acked or failed within the send timeout (>= linger + request timeout)
                ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout / 2,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) (timeout / 2),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout);
    }

    synchronized KafkaTemplate<String, String> current() {
        if (template == null) {
            factory = new DefaultKafkaProducerFactory<>(config);
            template = new KafkaTemplate<>(factory);
        }
        return template;
    }

    /** Drops {@code failed} if it is still the current one, so the next batch starts on a fresh producer. */
    synchronized void discard(KafkaTemplate<String, String> failed) {
        if (template == failed) {
            close();
        }
    }

    @Override
    public synchronized void close() {
        if (factory != null) {
            factory.destroy();
        }
        factory = null;
        template = null;
    }
}
