package dev.mercato.platform.outbox;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.events.core.EventSerializer;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The registry's serializer writes what the mapper writes, once per event instance, never an equal event's JSON for another. */
class EventSerializationTests {

    static final AtomicInteger READS = new AtomicInteger();

    /** Counts how often its JSON is written (Jackson reads the accessor once per write). */
    record Probe(String name, int count) {
        @Override
        public String name() {
            READS.incrementAndGet();
            return name;
        }
    }

    private final JsonMapper json = JsonMapper.builder().build();
    private final EventSerializer serializer = new EventSerialization().eventSerializer(json);

    @Test
    void writesTheMappersJsonOncePerEventInstance() {
        READS.set(0);
        Probe event = new Probe("order", 4);

        Object first = serializer.serialize(event);
        Object second = serializer.serialize(event);

        assertThat(READS).hasValue(1);
        assertThat(second).isEqualTo(first);
        READS.set(0);
        assertThat(first).isEqualTo(json.writeValueAsString(event));
    }

    @Test
    void anEqualEventIsItsOwnInstanceAndIsWrittenAgain() {
        READS.set(0);
        serializer.serialize(new Probe("order", 4));
        serializer.serialize(new Probe("order", 4));

        assertThat(READS).hasValue(2);
    }

    @Test
    void readsBackWhatItWrote() {
        Probe event = new Probe("paid", 2);

        assertThat(serializer.deserialize(serializer.serialize(event), Probe.class)).isEqualTo(event);
    }
}
