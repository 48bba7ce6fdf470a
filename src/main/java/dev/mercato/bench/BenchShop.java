package dev.mercato.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Sets a benchmark up the way an operator would, through the admin API on loopback, and checks the
 * result in the database afterwards: a benchmark that oversold would not be a result.
 */
final class BenchShop {

    private final HttpClient http;
    private final int port;
    private final String base;
    private final JdbcClient jdbc;
    private String adminToken;

    BenchShop(HttpClient http, int port, JdbcClient jdbc) {
        this.http = http;
        this.port = port;
        this.base = "http://localhost:" + port;
        this.jdbc = jdbc;
    }

    int port() {
        return port;
    }

    String base() {
        return base;
    }

    void login(String email, String password) {
        String body = post("/api/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}", null, 200);
        adminToken = body.replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
        post("/api/admin/warehouses", "{\"code\":\"bench\",\"name\":\"Bench warehouse\",\"priority\":0}", adminToken, -1);
    }

    /** A new SKU with {@code units} on hand. */
    String sku(String label, long units) {
        String sku = "BENCH-" + label + "-" + UUID.randomUUID().toString().substring(0, 8);
        post("/api/admin/products", """
                {"title":"Bench %s","brand":"Bench","category":"bench/hot","description":"flash sale item",
                 "variants":[{"sku":"%s","price":"9.99","currency":"USD"}]}""".formatted(sku, sku), adminToken, 201);
        put("/api/admin/stock/" + sku + "/bench", "{\"quantity\":" + units + "}");
        return sku;
    }

    /** Sets {@code units} on hand of an existing SKU in the bench warehouse. */
    void stock(String sku, long units) {
        put("/api/admin/stock/" + sku + "/bench", "{\"quantity\":" + units + "}");
    }

    /** Waits for an admin job to complete; a failed or interrupted job fails the benchmark. */
    void awaitJob(String job) throws InterruptedException {
        while (true) {
            String status = adminGet("/api/admin/jobs/" + job);
            if (status.contains("\"status\":\"completed\"")) {
                return;
            }
            if (status.contains("\"status\":\"failed\"") || status.contains("\"status\":\"interrupted\"")) {
                throw new IllegalStateException("job " + job + " did not complete: " + status);
            }
            Thread.sleep(500);
        }
    }

    String guestToken() {
        return post("/api/auth/guest", "", null, 201).replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
    }

    /** Units held or sold beyond what was on hand: must be 0. */
    long oversold(String sku) {
        return jdbc.sql("""
                SELECT greatest(0, (SELECT coalesce(sum(quantity), 0) FROM holds WHERE sku = :sku AND state <> 'released'
                                    AND state <> 'expired') - (SELECT coalesce(sum(quantity_delta), 0) FROM stock_movements
                                                               WHERE sku = :sku AND kind IN ('set', 'adjust', 'restock')))""")
                .param("sku", sku).query(Long.class).single();
    }

    long unitsHeld(String sku) {
        return jdbc.sql("SELECT coalesce(sum(quantity), 0) FROM holds WHERE sku = :sku AND state = 'active'").param("sku", sku)
                .query(Long.class).single();
    }

    boolean reservedMatchesHolds(String sku) {
        return jdbc.sql("SELECT sum(reserved) FROM stock WHERE sku = :sku").param("sku", sku).query(Long.class).single() == unitsHeld(sku);
    }

    /** Posts an import file as the admin; answers the job id. */
    String importProducts(java.nio.file.Path file) throws IOException {
        String body = send(HttpRequest.newBuilder(URI.create(base + "/api/admin/products/import"))
                .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), 202);
        return body.replaceAll(".*\"jobId\":\"([^\"]+)\".*", "$1");
    }

    /** Starts a search reindex; answers the job id. */
    String reindexSearch() {
        return post("/api/admin/search/reindex", "", adminToken, 202).replaceAll(".*\"jobId\":\"([^\"]+)\".*", "$1");
    }

    /** An admin GET, answered as the raw JSON body. */
    String adminGet(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + adminToken).GET().build(), 200);
    }

    private void put(String path, String json) {
        send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)).build(), 200);
    }

    private String post(String path, String json, String token, int expected) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build(), expected);
    }

    private String send(HttpRequest request, int expected) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (expected > 0 && response.statusCode() != expected) {
                throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
