package dev.mercato.support;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** An open {@code text/event-stream}, read line by line on a virtual thread until closed. */
public final class EventStream implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client;
    private final HttpResponse<Stream<String>> response;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.CompletableFuture<Boolean> endedByServer = new java.util.concurrent.CompletableFuture<>();

    private EventStream(HttpClient client, HttpResponse<Stream<String>> response) {
        this.client = client;
        this.response = response;
        Thread.ofVirtual().start(() -> {
            try (Stream<String> body = response.body()) {
                body.forEach(lines::add);
                endedByServer.complete(true);
            } catch (RuntimeException closed) {
                // the test closed the stream, or the connection broke
                endedByServer.complete(false);
            }
        });
    }

    /** Returns once the response headers arrived; events are collected as they come. */
    public static EventStream open(Api api, String path, String token) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        var response = client.sendAsync(api.request(path, token, "Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
        return new EventStream(client, response);
    }

    /** True when the server ended the stream cleanly (end of body), false when it broke; waits up to {@code timeout}. */
    public boolean awaitEnd(java.time.Duration timeout) throws Exception {
        return endedByServer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public int status() {
        return response.statusCode();
    }

    public Optional<String> contentType() {
        return response.headers().firstValue("Content-Type");
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** The {@code data:} payloads received so far, as JSON. */
    public List<JsonNode> events() {
        return lines.stream().filter(line -> line.startsWith("data:"))
                .map(line -> JSON.readTree(line.substring("data:".length()))).toList();
    }

    /** The {@code status} member of each event received so far. */
    public List<String> statuses() {
        return events().stream().map(event -> event.get("status").asString()).toList();
    }

    @Override
    public String toString() {
        return response.request().uri().getPath() + " " + statuses();
    }

    @Override
    public void close() {
        response.body().close();
        client.shutdownNow();
    }
}
