package dev.mercato.platform.web;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.std.DelegatingDeserializer;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * JSON is read as typed, never coerced: {@code "quantity": 2.5} used to add 2, {@code "2"} was
 * taken as 2, an empty string became the default and {@code "startsAt": 12345} became 1970. Each
 * of those is now a 400 naming the field. Money stays a decimal string (API.md), so a string is
 * still accepted where a {@link java.math.BigDecimal} is wanted; its two places are checked by
 * the request's own validation.
 *
 * <p>Every string read from JSON, including map keys and text inside free-form attributes, is
 * checked against {@link SafeText}: the one place NUL and other unstorable text is refused.
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonConfiguration {

    @Bean
    JsonMapperBuilderCustomizer strictJson() {
        return builder -> builder
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .withCoercionConfig(LogicalType.Integer, config -> config
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Float, config -> config
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Boolean, config -> config
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Textual, config -> config
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.DateTime, config -> config
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
                .addModule(new SimpleModule("mercato-strict-json")
                        .addDeserializer(Instant.class, new Rfc3339Instants())
                        .setDeserializerModifier(new SafeTextChecks()));
    }

    /** Times are RFC 3339 strings (API.md): numbers are refused instead of read as epoch seconds. */
    static final class Rfc3339Instants extends StdDeserializer<Instant> {

        Rfc3339Instants() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return (Instant) context.handleUnexpectedToken(Instant.class, parser);
            }
            String text = parser.getString().trim();
            try {
                return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                return (Instant) context.handleWeirdStringValue(Instant.class, text,
                        "must be an RFC 3339 time with an offset, e.g. 2026-12-02T10:00:00Z");
            }
        }
    }

    /** Wraps the deserializers that produce strings, free-form values and map keys with the {@link SafeText} check. */
    static final class SafeTextChecks extends ValueDeserializerModifier {

        @Override
        public ValueDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription.Supplier description,
                ValueDeserializer<?> deserializer) {
            Class<?> type = description.getBeanClass();
            if (type == String.class || type == Object.class || JsonNode.class.isAssignableFrom(type)) {
                return new Checked(deserializer);
            }
            return deserializer;
        }

        @Override
        public KeyDeserializer modifyKeyDeserializer(DeserializationConfig config, JavaType type, KeyDeserializer deserializer) {
            if (type.getRawClass() != String.class) {
                return deserializer;
            }
            return new KeyDeserializer() {
                @Override
                public Object deserializeKey(String key, DeserializationContext context) {
                    if (!SafeText.isSafe(key)) {
                        return context.handleWeirdKey(String.class, key, SafeText.RULE);
                    }
                    return deserializer.deserializeKey(key, context);
                }
            };
        }
    }

    static final class Checked extends DelegatingDeserializer {

        Checked(ValueDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegate) {
            return new Checked(delegate);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) {
            Object value = super.deserialize(parser, context);
            if (!isSafe(value)) {
                return context.handleWeirdStringValue(String.class, String.valueOf(value), SafeText.RULE);
            }
            return value;
        }

        private static boolean isSafe(Object value) {
            return switch (value) {
                case null -> true;
                case String text -> SafeText.isSafe(text);
                case JsonNode node -> isSafe(node);
                case Map<?, ?> map -> map.entrySet().stream()
                        .allMatch(entry -> isSafe(entry.getKey()) && isSafe(entry.getValue()));
                case Iterable<?> items -> {
                    for (Object item : items) {
                        if (!isSafe(item)) {
                            yield false;
                        }
                    }
                    yield true;
                }
                default -> true;
            };
        }

        private static boolean isSafe(JsonNode node) {
            if (node.isString()) {
                return SafeText.isSafe(node.asString());
            }
            if (node.isObject()) {
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    if (!SafeText.isSafe(field.getKey()) || !isSafe(field.getValue())) {
                        return false;
                    }
                }
                return true;
            }
            if (node.isArray()) {
                for (Iterator<JsonNode> items = node.values().iterator(); items.hasNext(); ) {
                    if (!isSafe(items.next())) {
                        return false;
                    }
                }
            }
            return true;
        }
    }
}
