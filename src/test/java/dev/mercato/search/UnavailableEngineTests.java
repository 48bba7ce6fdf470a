package dev.mercato.search;

import java.io.IOException;
import java.net.InetSocketAddress;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mercato.support.ApiTest;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 12: the admin search status answered 500 while OpenSearch answered 503. */
class UnavailableEngineTests extends ApiTest {

    /** An "OpenSearch" that answers every request 503, as a cluster without a master does. */
    private static final HttpServer ENGINE = serviceUnavailable();

    @DynamicPropertySource
    static void engine(DynamicPropertyRegistry properties) {
        properties.add("mercato.search.engine", () -> "opensearch");
        properties.add("mercato.search.opensearch.url", () -> "http://127.0.0.1:" + ENGINE.getAddress().getPort());
    }

    @AfterAll
    static void stopEngine() {
        ENGINE.stop(0);
    }

    @Test
    void statusReportsAnUnreachableEngineInsteadOfFailing() {
        var status = api.get("/api/admin/search/status", adminToken());

        assertThat(status.status()).as(status.toString()).isEqualTo(200);
        assertThat(status.json().get("engine").asString()).isEqualTo("opensearch");
        assertThat(status.json().get("reachable").asBoolean()).isFalse();
        assertThat(status.json().get("drift").isNull()).isTrue();
    }

    @Test
    void searchFallsBackToPostgres() {
        var search = api.get("/api/search?q=lamp", null);

        assertThat(search.status()).as(search.toString()).isEqualTo(200);
        assertThat(search.json().get("fallback").asBoolean()).isTrue();
    }

    private static HttpServer serviceUnavailable() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                byte[] body = "{\"error\":\"cluster_block_exception\",\"status\":503}".getBytes();
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(503, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
