package dev.mercato.platform;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.mercato.support.Api;
import dev.mercato.support.ApiTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12's hostile-client battery, one case per class of input that used to reach a 5xx or was
 * silently coerced: each answers a 4xx problem that names the field, not a class, and writes nothing.
 */
class HostileInputTests extends ApiTest {

    private long customersBefore;

    @BeforeEach
    void setUp() {
        customersBefore = count("customers");
    }

    @Test
    void aNulByteAnywhereInAJsonStringIsRefusedNamingTheField() {
        for (String name : List.of("A\\u0000B", "\\u0000", "Ann\\u0000", "bell\\u0007")) {
            var response = api.send("/api/auth/register", "POST", "application/json",
                    "{\"email\":\"" + unique("nul") + "@example.com\",\"password\":\"tulip-garden-7\",\"name\":\"" + name + "\"}", null);
            assertValidation(response, "name");
        }
        assertThat(count("customers")).isEqualTo(customersBefore);
    }

    @Test
    void aNulByteInsideFreeFormAttributesIsRefused() {
        String body = """
                {"title":"Lamp","description":"d","brand":"B","category":"misc/lamps",
                 "attributes":{"colour":"re\\u0000d"},
                 "variants":[{"sku":"%s","title":"v","price":"1.00","currency":"USD","attributes":{}}]}"""
                .formatted(unique("NUL"));
        long products = count("products");
        var response = api.send("/api/admin/products", "POST", "application/json", body, adminToken());
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(count("products")).isEqualTo(products);
    }

    @Test
    void numbersAreNotCoercedFromFloatsStringsOrEmptyText() {
        String guest = api.post("/api/auth/guest", "", null).json().get("token").asString();
        for (String quantity : List.of("2.5", "\"2\"", "\"\"", "true")) {
            var response = api.send("/api/cart/items", "POST", "application/json",
                    "{\"sku\":\"ANY-SKU\",\"quantity\":" + quantity + "}", guest);
            assertValidation(response, "quantity");
        }
        var priority = api.send("/api/admin/warehouses", "POST", "application/json",
                "{\"code\":\"" + unique("W") + "\",\"name\":\"W\",\"priority\":\"\"}", adminToken());
        assertValidation(priority, "priority");
        var textFromNumber = api.send("/api/auth/register", "POST", "application/json",
                "{\"email\":\"" + unique("n") + "@example.com\",\"password\":\"tulip-garden-7\",\"name\":12345}", null);
        assertValidation(textFromNumber, "name");
    }

    @Test
    void timesAreRfc3339StringsAndMoneyHasTwoPlaces() {
        String admin = adminToken();
        var epoch = api.send("/api/admin/flash-sales", "POST", "application/json", """
                {"sku":"ANY","price":"1.00","startsAt":12345,"endsAt":"2030-01-01T00:00:00Z","quantity":1,"perCustomerLimit":1}""", admin);
        assertValidation(epoch, "startsAt");
        var noOffset = api.send("/api/admin/flash-sales", "POST", "application/json", """
                {"sku":"ANY","price":"1.00","startsAt":"2030-01-01T00:00:00","endsAt":"2030-01-02T00:00:00Z","quantity":1,"perCustomerLimit":1}""", admin);
        assertValidation(noOffset, "startsAt");
        var thirdPlace = api.send("/api/admin/flash-sales", "POST", "application/json", """
                {"sku":"ANY","price":"1.999","startsAt":"2030-01-01T00:00:00Z","endsAt":"2030-01-02T00:00:00Z","quantity":1,"perCustomerLimit":1}""", admin);
        assertValidation(thirdPlace, "price");
    }

    @Test
    void problemDetailsNeverNameOurClasses() {
        String guest = api.post("/api/auth/guest", "", null).json().get("token").asString();
        for (String body : List.of("[]", "\"text\"", "42", "{\"sku\": {\"nested\": 1}, \"quantity\": 1}")) {
            var response = api.send("/api/cart/items", "POST", "application/json", body, guest);
            assertThat(response.status()).as(body + " -> " + response).isEqualTo(400);
            assertThat(response.body()).doesNotContain("dev.mercato").doesNotContain("java.").doesNotContain("$");
        }
    }

    @Test
    void aWildcardContentTypeIs415NotA500() {
        var response = api.send("/api/auth/register", "POST", "*/*",
                "{\"email\":\"" + unique("w") + "@example.com\",\"password\":\"tulip-garden-7\",\"name\":\"W\"}", null);
        assertThat(response.status()).as(response.toString()).isEqualTo(415);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(count("customers")).isEqualTo(customersBefore);
    }

    @Test
    void theErrorPathItselfIsNotAResource() {
        var response = api.get("/error", null);
        assertThat(response.status()).as(response.toString()).isEqualTo(404);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void requestsTheContainerRejectsGetProblemDocuments() throws Exception {
        for (String requestLine : List.of("GET /api/products/a%2Fb", "GET /api/products/a%00b", "GET /api/products/<script>",
                "GET /api/products/%3Cscript%3E")) {
            String answer = raw(requestLine + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertThat(answer).as(requestLine).startsWith("HTTP/1.1 4");
            assertThat(answer).as(requestLine).containsIgnoringCase("Content-Type: application/problem+json")
                    .doesNotContainIgnoringCase("tomcat").doesNotContain("<html");
        }
    }

    @Test
    void aNonAsciiIdempotencyKeyIs400() throws Exception {
        String guest = api.post("/api/auth/guest", "", null).json().get("token").asString();
        String body = "{\"shippingAddress\":{\"name\":\"A\",\"line1\":\"1\",\"city\":\"C\",\"postalCode\":\"1\",\"country\":\"US\"},"
                + "\"payment\":{\"method\":\"card\",\"token\":\"tok_visa\"}}";
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String answer = raw("POST /api/orders HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: Bearer " + guest
                + "\r\nIdempotency-Key: cl\u00e9-\u00fc\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                + "\r\n\r\n" + body);
        assertThat(answer).startsWith("HTTP/1.1 400");
        assertThat(answer).containsIgnoringCase("application/problem+json");
    }

    /** HttpClient refuses to send what a hostile client sends, so these go over a plain socket (UTF-8 bytes). */
    private String raw(String request) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("localhost", port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static void assertValidation(Api.Response response, String field) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        JsonNode errors = response.json().get("errors");
        assertThat(errors).as(response.toString()).isNotNull();
        assertThat(errors.valueStream().map(e -> e.get("field").asString())).as(response.toString()).contains(field);
        assertThat(response.body()).doesNotContain("dev.mercato");
    }
}
