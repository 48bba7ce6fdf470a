package dev.mercato.orders.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.mercato.orders.OrderStatusChanged;
import dev.mercato.platform.cache.AfterCommit;

/**
 * Server-Sent Events for order tracking: one event per status change, in the order the changes
 * happened. A change event only says "look again": each stream is sent the order's history
 * entries after the last one it has seen, read from PostgreSQL. So events arriving out of order,
 * twice, or while a stream is being opened can neither reorder, repeat nor lose a change. Streams
 * live on the node that opened them; a client that loses its stream falls back to polling
 * {@code GET /api/orders/{id}} with If-None-Match.
 *
 * <p>On shutdown every stream is ended cleanly, before the web server's graceful shutdown starts
 * waiting for in-flight requests: each gets a last {@code shutdown} event whose {@code retry} tells
 * the browser's EventSource to reconnect in a second (to another node, or to this one restarted),
 * and streams asked for from then on end the same way at once. Otherwise the graceful shutdown
 * would wait its whole timeout for streams that never end, and then cut them.
 */
@Component
public class OrderStreams implements SmartLifecycle {

    /** Stops before the web server's graceful shutdown (phase {@code DEFAULT_PHASE - 1024}) begins. */
    private static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;
    private static final Duration RECONNECT_AFTER = Duration.ofSeconds(1);

    private static final Duration STREAM_TIMEOUT = Duration.ofMinutes(30);

    private final OrderRows orders;
    private final Map<UUID, List<Stream>> streams = new ConcurrentHashMap<>();
    private volatile boolean running;

    OrderStreams(OrderRows orders) {
        this.orders = orders;
    }

    private static final class Stream {
        final SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT.toMillis());
        long lastSent;
        String lastStatus;
    }

    /** {@code from} is the status before this one, null for an order's first status. */
    record StatusEvent(String orderId, String from, String status, String at) {
    }

    /** Opens a stream whose first event is the order's current status. */
    public SseEmitter open(UUID orderId) {
        Stream stream = new Stream();
        List<Stream> list = streams.computeIfAbsent(orderId, id -> new CopyOnWriteArrayList<>());
        // registered before reading, so a change committed meanwhile is sent by the listener
        list.add(stream);
        Runnable remove = () -> list.remove(stream);
        stream.emitter.onCompletion(remove);
        stream.emitter.onTimeout(remove);
        stream.emitter.onError(e -> remove.run());
        List<OrderRows.HistoryEntry> history = orders.historyAfter(orderId, 0);
        synchronized (stream) {
            if (!history.isEmpty() && stream.lastSent == 0) {
                stream.lastStatus = history.size() > 1 ? history.get(history.size() - 2).status() : null;
                send(orderId, stream, history.getLast());
            }
        }
        if (!running) {
            // opened while shutting down: the current status, then the same clean end as the others
            end(stream);
        }
        return stream.emitter;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        streams.values().forEach(list -> list.forEach(OrderStreams::end));
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    private static void end(Stream stream) {
        synchronized (stream) {
            try {
                stream.emitter.send(SseEmitter.event().name("shutdown").reconnectTime(RECONNECT_AFTER.toMillis())
                        .data("{\"reason\":\"server shutting down\"}", MediaType.APPLICATION_JSON));
                stream.emitter.complete();
            } catch (IOException | IllegalStateException e) {
                stream.emitter.completeWithError(e);
            }
        }
    }

    /**
     * After the change commits, on a thread of its own, and only when this node has a stream open for
     * the order: a change event is a hint to look again, and streams live and die with this node, so
     * keeping it in the event publication registry (a row, an asynchronous transaction and a
     * completion per status change, two per checkout) bought nothing a restart could use. The push
     * runs off the committing thread: it reads the history, which must not happen on the request's
     * connection while it is still bound, and it must not slow the request's answer.
     */
    @EventListener
    void on(OrderStatusChanged change) {
        UUID orderId = change.orderId().value();
        AfterCommit.run(() -> {
            List<Stream> list = streams.get(orderId);
            if (list != null && !list.isEmpty()) {
                Thread.ofVirtual().name("order-streams").start(() -> push(orderId, list));
            }
        });
    }

    private void push(UUID orderId, List<Stream> list) {
        long oldest = list.stream().mapToLong(s -> s.lastSent).min().orElse(0);
        List<OrderRows.HistoryEntry> entries = orders.historyAfter(orderId, oldest);
        for (Stream stream : list) {
            synchronized (stream) {
                entries.stream().filter(entry -> entry.id() > stream.lastSent).forEach(entry -> send(orderId, stream, entry));
            }
        }
    }

    private static void send(UUID orderId, Stream stream, OrderRows.HistoryEntry entry) {
        try {
            stream.emitter.send(SseEmitter.event().name("status").id(Long.toString(entry.id()))
                    .data(new StatusEvent(orderId.toString(), stream.lastStatus, entry.status(), entry.at().toString()),
                            MediaType.APPLICATION_JSON));
            stream.lastSent = entry.id();
            stream.lastStatus = entry.status();
        } catch (IOException | IllegalStateException e) {
            stream.emitter.completeWithError(e);
        }
    }
}
