package dev.mercato.platform.outbox;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.modulith.events.core.EventSerializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * How Spring Modulith writes an event into {@code event_publication}: with the application's own
 * {@link JsonMapper}, the same JSON its auto-configured serializer writes, but cheaper in two ways
 * measured on checkout (issue 13, JFR, about a tenth of a checkout's CPU was publication storing):
 * <ul>
 * <li>the auto-configured serializer looks the mapper bean up in the bean factory on every call (it
 * took more CPU than writing the JSON); this one is given it once;</li>
 * <li>the registry stores one row per listener and serializes the event for each: an event with four
 * listeners was written four times. The JSON of the last events serialized is kept by identity
 * (weak keys, so an event is never confused with an equal one and nothing outlives its event).
 * Events are immutable records, so the same instance always writes the same JSON.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class EventSerialization {

    @Bean
    EventSerializer eventSerializer(JsonMapper json) {
        return new MemoizingEventSerializer(json);
    }

    static final class MemoizingEventSerializer implements EventSerializer {

        private final JsonMapper json;
        private final Cache<Object, String> recent = Caffeine.newBuilder().weakKeys().maximumSize(1_024).build();

        MemoizingEventSerializer(JsonMapper json) {
            this.json = json;
        }

        @Override
        public Object serialize(Object event) {
            return recent.get(event, json::writeValueAsString);
        }

        @Override
        public <T> T deserialize(Object serialized, Class<T> type) {
            return json.readerFor(type).readValue(serialized.toString());
        }
    }
}
