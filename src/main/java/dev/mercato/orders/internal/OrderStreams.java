package dev.mercato.orders.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.http.MediaType;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.mercato.orders.OrderStatusChanged;

/**
 * Server-Sent Events for order tracking: each open stream gets one event per status change of its
 * order, pushed after the change commits. Streams live on the node that opened them; a client that
 * loses its stream falls back to polling {@code GET /api/orders/{id}} with If-None-Match.
 */
@Component
public class OrderStreams {

    private static final Duration STREAM_TIMEOUT = Duration.ofMinutes(30);

    private final Map<UUID, List<SseEmitter>> streams = new ConcurrentHashMap<>();

    public SseEmitter open(UUID orderId, OrderView current) {
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT.toMillis());
        List<SseEmitter> list = streams.computeIfAbsent(orderId, id -> new CopyOnWriteArrayList<>());
        list.add(emitter);
        Runnable remove = () -> list.remove(emitter);
        emitter.onCompletion(remove);
        emitter.onTimeout(remove);
        emitter.onError(e -> remove.run());
        send(emitter, new StatusEvent(current.id(), null, current.status(), current.history().getLast().at().toString()));
        return emitter;
    }

    record StatusEvent(String orderId, String from, String status, String at) {
    }

    /**
     * Asynchronous on purpose: a listener that ran inside the committing request would complete its
     * event publication while still holding that request's connection, and under load every pooled
     * connection would end up waiting for a second one.
     */
    @ApplicationModuleListener
    void on(OrderStatusChanged change) {
        List<SseEmitter> list = streams.get(change.orderId());
        if (list == null) {
            return;
        }
        StatusEvent event = new StatusEvent(change.orderId().toString(), change.from(), change.to(), change.at().toString());
        list.forEach(emitter -> send(emitter, event));
    }

    private static void send(SseEmitter emitter, StatusEvent event) {
        try {
            emitter.send(SseEmitter.event().name("status").id(event.status() + "@" + event.at()).data(event, MediaType.APPLICATION_JSON));
        } catch (IOException | IllegalStateException e) {
            emitter.completeWithError(e);
        }
    }
}
