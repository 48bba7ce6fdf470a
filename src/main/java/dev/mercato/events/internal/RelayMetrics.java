package dev.mercato.events.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The relay's health, named as DESIGN.md section 6 names metrics ({@code <area>_<what>[_<unit>]}):
 * {@code events_outbox_backlog} (events waiting), {@code events_outbox_oldest_age_seconds} (how long the oldest
 * has waited: the relay's lag, 0 when nothing waits), {@code events_relayed_total{topic}} and
 * {@code events_relay_failures_total} (passes that could not send). The gauges show what the last relay pass
 * saw, so a scrape costs no query; a relay that stops passing shows as an age that keeps its last value and a
 * failure count that climbs.
 */
final class RelayMetrics {

    private final MeterRegistry registry;
    private final Clock clock;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestAgeMillis = new AtomicLong();
    private final Map<String, Counter> relayed = new ConcurrentHashMap<>();
    private final Counter failures;

    RelayMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        Gauge.builder("events_outbox_backlog", backlog, AtomicLong::get)
                .description("events in the outbox waiting to be sent to Kafka").register(registry);
        Gauge.builder("events_outbox_oldest_age", oldestAgeMillis, age -> age.get() / 1000.0).baseUnit("seconds")
                .description("how long the oldest event in the outbox has waited").register(registry);
        failures = Counter.builder("events_relay_failures").description("relay passes that could not send a batch")
                .register(registry);
        for (String topic : new String[] {EventEnvelopes.ORDER_EVENTS, EventEnvelopes.INVENTORY_EVENTS, EventEnvelopes.PRODUCT_EVENTS}) {
            counter(topic);
        }
    }

    void observe(Outbox.Backlog seen) {
        backlog.set(seen.events());
        oldestAgeMillis.set(seen.oldest() == null ? 0 : Math.max(0, Duration.between(seen.oldest(), clock.instant()).toMillis()));
    }

    void relayed(String topic) {
        counter(topic).increment();
    }

    void failed() {
        failures.increment();
    }

    private Counter counter(String topic) {
        return relayed.computeIfAbsent(topic, t -> Counter.builder("events_relayed").tag("topic", t)
                .description("events Kafka acknowledged").register(registry));
    }
}
