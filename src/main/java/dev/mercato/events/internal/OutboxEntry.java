package dev.mercato.events.internal;

import java.time.Instant;
import java.util.UUID;

/** One event as it waits in the outbox and goes to Kafka: its topic, its partition key and its JSON envelope. */
record OutboxEntry(UUID eventId, String topic, String key, String type, String payload, Instant occurredAt) {
}
