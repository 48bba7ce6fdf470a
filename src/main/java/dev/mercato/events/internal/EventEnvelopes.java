package dev.mercato.events.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import dev.mercato.catalog.ProductsChanged;
import dev.mercato.inventory.StockChanged;
import dev.mercato.orders.OrderPlaced;
import dev.mercato.orders.OrderStatusChanged;
import dev.mercato.platform.commerce.Money;
import dev.mercato.platform.database.TimeOrderedIds;

/**
 * The wire format of externalised events, schema version {@value #SCHEMA_VERSION}: one JSON object
 * {@code {schemaVersion, eventId, type, occurredAt, key, data}} per event, keyed by what must stay in order
 * (order id, SKU, product id). {@code eventId} is unique per event, not per delivery: a consumer that has
 * seen it skips the message. Fields are only ever added within a version; a rename or removal is version 2.
 */
final class EventEnvelopes {

    static final int SCHEMA_VERSION = 1;
    static final String ORDER_EVENTS = "order-events";
    static final String INVENTORY_EVENTS = "inventory-events";
    static final String PRODUCT_EVENTS = "product-events";

    private final JsonMapper json;
    private final Clock clock;

    EventEnvelopes(JsonMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    OutboxEntry of(OrderPlaced event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("orderId", event.orderId().toString());
        data.put("customerId", event.customerId() == null ? null : event.customerId().toString());
        data.put("total", money(event.total()));
        data.put("lines", event.lines().stream().map(line -> Map.of(
                "sku", line.sku(), "quantity", line.quantity(), "unitPrice", money(line.unitPrice()))).toList());
        return entry(ORDER_EVENTS, event.orderId().toString(), "OrderPlaced", data);
    }

    OutboxEntry of(OrderStatusChanged event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("orderId", event.orderId().toString());
        data.put("from", event.from());
        data.put("to", event.to());
        data.put("at", event.at().toString());
        return entry(ORDER_EVENTS, event.orderId().toString(), "OrderStatusChanged", data);
    }

    OutboxEntry of(StockChanged event) {
        return entry(INVENTORY_EVENTS, event.sku(), "StockChanged", Map.of("sku", event.sku(), "available", event.available()));
    }

    /** One message per product, so each product's changes stay in order on its own key. */
    List<OutboxEntry> of(ProductsChanged event) {
        return event.productIds().stream()
                .map(id -> entry(PRODUCT_EVENTS, id.toString(), "ProductChanged", Map.of("productId", id.toString())))
                .toList();
    }

    private OutboxEntry entry(String topic, String key, String type, Map<String, Object> data) {
        UUID eventId = TimeOrderedIds.next();
        Instant now = clock.instant();
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("schemaVersion", SCHEMA_VERSION);
        envelope.put("eventId", eventId.toString());
        envelope.put("type", type);
        envelope.put("occurredAt", now.toString());
        envelope.put("key", key);
        envelope.put("data", data);
        return new OutboxEntry(eventId, topic, key, type, json.writeValueAsString(envelope), now);
    }

    /** Money as everywhere in the API: a decimal string with its currency. */
    private static Map<String, String> money(Money money) {
        return Map.of("amount", money.amount().toPlainString(), "currency", money.currency());
    }
}
