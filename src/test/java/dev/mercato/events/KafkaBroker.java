package dev.mercato.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real Kafka broker (KRaft, in this JVM) that a test can stop and replace. The application bootstraps
 * through a fixed loopback port that forwards to whichever broker runs now (the KRaft test broker ignores
 * fixed ports), then talks to the broker's advertised address as any Kafka client does; with no broker
 * the forwarder refuses, as a dead broker would.
 */
final class KafkaBroker {

    static final String[] TOPICS = {"order-events", "inventory-events", "product-events"};
    static final int PARTITIONS = 3;

    private final TcpForwarder bootstrap = new TcpForwarder();
    private EmbeddedKafkaKraftBroker broker;

    String address() {
        return "127.0.0.1:" + bootstrap.port();
    }

    synchronized void start() {
        broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS, TOPICS);
        broker.brokerProperty("auto.create.topics.enable", "false");
        broker.afterPropertiesSet();
        String direct = broker.getBrokersAsString().split(",")[0];
        bootstrap.forwardTo(Integer.parseInt(direct.substring(direct.lastIndexOf(':') + 1)));
    }

    synchronized void stop() {
        bootstrap.forwardTo(0);
        broker.destroy();
        broker = null;
    }

    synchronized void ensureRunning() {
        if (broker == null) {
            start();
        }
    }

    synchronized void ensureStopped() {
        if (broker != null) {
            stop();
        }
    }

    String directAddress() {
        return broker.getBrokersAsString();
    }

    /** Reads every topic from the beginning until {@code done} holds for what was read, or the time is up. */
    List<ConsumerRecord<String, String>> readUntil(Predicate<List<ConsumerRecord<String, String>>> done, Duration patience) {
        Properties config = new Properties();
        config.putAll(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, directAddress(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(TOPICS));
            long deadline = System.nanoTime() + patience.toNanos();
            while (!done.test(read) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
        }
        return read;
    }
}
