package dev.mercato.events.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends the outbox to Kafka, oldest first, one batch per transaction: the transaction takes the relay
 * lock (one relay across all nodes), reads a batch by id, sends it, waits for every acknowledgement and
 * only then deletes the batch and commits. A broker that is down fails the wait; the transaction rolls
 * back and the batch waits for the next pass, so nothing is lost (at least once). A batch can be sent
 * twice (acked, then the node died before the commit), which is why every message carries its
 * {@code eventId} for consumers to skip repeats.
 *
 * <p>Order per key: sends are in id order on one idempotent producer ({@code enable.idempotence},
 * {@code acks=all}), which keeps one partition's messages in send order even across retries, and a
 * failed batch is resent from its first row, never from the middle.
 */
final class KafkaRelay {

    private static final Logger log = LoggerFactory.getLogger(KafkaRelay.class);

    private final Outbox outbox;
    private final KafkaProducers producers;
    private final TransactionTemplate transactions;
    private final RelayMetrics metrics;
    private final EventsSettings.Kafka settings;

    KafkaRelay(Outbox outbox, KafkaProducers producers, TransactionTemplate transactions, RelayMetrics metrics,
            EventsSettings settings) {
        this.outbox = outbox;
        this.producers = producers;
        this.transactions = transactions;
        this.metrics = metrics;
        this.settings = settings.kafka();
    }

    @Scheduled(initialDelayString = EventsSettings.RELAY_INTERVAL, fixedDelayString = EventsSettings.RELAY_INTERVAL)
    void scheduledRelay() {
        try {
            relay();
        } catch (RuntimeException e) {
            metrics.failed();
            log.warn("outbox relay pass failed, events wait for the next pass cause={}", e.toString());
        } finally {
            metrics.observe(outbox.backlog());
        }
    }

    /**
     * Sends batches until the outbox is empty or another node holds the relay; returns how many events
     * went out. Throws when a batch could not be sent (it stays in the outbox).
     */
    int relay() {
        int sent = 0;
        while (true) {
            Integer batch = transactions.execute(tx -> sendOneBatch());
            if (batch == null || batch <= 0) {
                return sent;
            }
            sent += batch;
        }
    }

    /** One batch in the current transaction; -1 when another relay holds the lock, 0 when nothing waits. */
    private int sendOneBatch() {
        if (!outbox.lockRelay()) {
            return -1;
        }
        List<Outbox.Waiting> batch = outbox.oldest(settings.batchSize());
        if (batch.isEmpty()) {
            return 0;
        }
        send(batch);
        outbox.delete(batch);
        batch.forEach(waiting -> metrics.relayed(waiting.entry().topic()));
        return batch.size();
    }

    private void send(List<Outbox.Waiting> batch) {
        KafkaTemplate<String, String> kafka = producers.current();
        List<CompletableFuture<?>> acks = new ArrayList<>(batch.size());
        try {
            for (Outbox.Waiting waiting : batch) {
                CompletableFuture<?> ack = kafka.send(record(waiting.entry()));
                acks.add(ack);
                if (ack.isCompletedExceptionally()) {
                    break; // no metadata (broker down): every further send would block as long again
                }
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                    .get(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unsent(batch, e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // a producer that failed may hold a fenced or stale session (a broker that came back empty):
            // the next pass starts on a new one
            producers.discard(kafka);
            throw unsent(batch, e);
        }
    }

    private static ProducerRecord<String, String> record(OutboxEntry entry) {
        var record = new ProducerRecord<>(entry.topic(), entry.key(), entry.payload());
        record.headers().add("eventId", entry.eventId().toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add("eventType", entry.type().getBytes(StandardCharsets.UTF_8));
        record.headers().add("schemaVersion", Integer.toString(EventEnvelopes.SCHEMA_VERSION).getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static IllegalStateException unsent(List<Outbox.Waiting> batch, Exception cause) {
        return new IllegalStateException("batch of " + batch.size() + " events from outbox id " + batch.getFirst().id()
                + " not acknowledged: " + (cause.getCause() != null ? cause.getCause() : cause), cause);
    }
}
