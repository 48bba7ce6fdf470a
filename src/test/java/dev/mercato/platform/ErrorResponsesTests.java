package dev.mercato.platform;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.mercato.support.Api;
import dev.mercato.support.ApiTest;

import static dev.mercato.support.Products.product;
import static dev.mercato.support.Products.with;
import static org.assertj.core.api.Assertions.assertThat;

/** Bad input of every kind gets a 4xx RFC 9457 problem and writes nothing. */
class ErrorResponsesTests extends ApiTest {

    private String admin;
    private long productsBefore;

    @BeforeEach
    void setUp() {
        admin = adminToken();
        productsBefore = count("products");
    }

    @Test
    void validationErrorsListEveryBadField() {
        var body = Map.of("title", "", "brand", "B", "category", "Not A Path",
                "variants", List.of(Map.of("sku", "bad sku!", "price", "-1", "currency", "usd")));
        var response = api.post("/api/admin/products", body, admin);
        assertProblem(response, 400, "validation");
        List<String> fields = fields(response.json());
        assertThat(fields).contains("title", "category", "variants[0].sku", "variants[0].price", "variants[0].currency");
        assertNothingWritten();
    }

    @Test
    void moreThanTwoDecimalPlacesOrMixedCurrenciesAreRefused() {
        var cents = api.post("/api/admin/products", product("P", "B", "misc/p", unique("P"), "1.005"), admin);
        assertProblem(cents, 400, "validation");
        var mixed = api.post("/api/admin/products", with(product("P", "B", "misc/p", "X1", "1.00"), "variants",
                List.of(Map.of("sku", unique("A"), "price", "1.00", "currency", "USD"),
                        Map.of("sku", unique("B"), "price", "1.00", "currency", "EUR"))), admin);
        assertProblem(mixed, 400, "validation");
        var duplicateSkus = api.post("/api/admin/products", with(product("P", "B", "misc/p", "X1", "1.00"), "variants",
                List.of(Map.of("sku", "SAME", "price", "1.00", "currency", "USD"),
                        Map.of("sku", "SAME", "price", "2.00", "currency", "USD"))), admin);
        assertProblem(duplicateSkus, 400, "validation");
        assertNothingWritten();
    }

    @Test
    void malformedJsonIs400() {
        var response = api.send("/api/admin/products", "POST", "application/json", "{\"title\": \"Lamp\",", admin);
        assertProblem(response, 400, "malformed-body");
        assertNothingWritten();
    }

    @Test
    void wrongTypesNameTheField() {
        var body = with(product("P", "B", "misc/p", unique("P"), "1.00"), "variants",
                List.of(Map.of("sku", "T1", "price", "cheap", "currency", "USD")));
        var response = api.post("/api/admin/products", body, admin);
        assertProblem(response, 400, "validation");
        assertThat(fields(response.json())).containsExactly("variants[0].price");

        var notAnObject = api.post("/api/admin/products", with(product("P", "B", "misc/p", unique("P"), "1.00"), "attributes", "red"), admin);
        assertProblem(notAnObject, 400, "validation");
        assertThat(fields(notAnObject.json())).containsExactly("attributes");

        var badParam = api.get("/api/products?limit=many", null);
        assertProblem(badParam, 400, "validation");
        assertThat(fields(badParam.json())).containsExactly("limit");
        assertNothingWritten();
    }

    @Test
    void outOfRangeQueryParametersAndForgedCursorsAre400() {
        assertProblem(api.get("/api/products?limit=0", null), 400, "validation");
        assertProblem(api.get("/api/products?limit=1000", null), 400, "validation");
        assertProblem(api.get("/api/products?cursor=%25%25%25", null), 400, "invalid-cursor");
        assertProblem(api.get("/api/products?category=Home%20Stuff", null), 400, "validation");
    }

    @Test
    void unknownRoutesAre404Problems() {
        assertProblem(api.get("/api/does-not-exist", null), 404, "not-found");
        assertProblem(api.get("/nothing/here", null), 404, "not-found");
    }

    @Test
    void wrongMethodIs405() {
        assertProblem(api.send("/api/categories", "DELETE", null, "", null), 405, "method-not-allowed");
    }

    @Test
    void unsupportedMediaTypeIs415() {
        var response = api.send("/api/admin/products", "POST", "text/plain", "title=Lamp", admin);
        assertProblem(response, 415, "unsupported-media-type");
        var importXml = api.send("/api/admin/products/import", "POST", "application/xml", "<products/>", admin);
        assertProblem(importXml, 415, "unsupported-media-type");
        assertNothingWritten();
    }

    @Test
    void oversizedBodiesAre413WhetherDeclaredOrStreamed() {
        String huge = "{\"title\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        assertProblem(api.send("/api/admin/products", "POST", "application/json", huge, admin), 413, "content-too-large");

        // no Content-Length: the limit must hold while the body is being read
        HttpRequest chunked = api.request("/api/admin/products", admin)
                .header("Content-Type", "application/json")
                .POST(unknownLength(huge))
                .build();
        assertProblem(api.send(chunked), 413, "content-too-large");
        assertNothingWritten();
    }

    @Test
    void missingBodyIs400() {
        assertProblem(api.send("/api/admin/products", "POST", "application/json", "", admin), 400, "malformed-body");
    }

    private static HttpRequest.BodyPublisher unknownLength(String body) {
        HttpRequest.BodyPublisher known = HttpRequest.BodyPublishers.ofString(body);
        return new HttpRequest.BodyPublisher() {
            @Override
            public long contentLength() {
                return -1;
            }

            @Override
            public void subscribe(Flow.Subscriber<? super java.nio.ByteBuffer> subscriber) {
                known.subscribe(subscriber);
            }
        };
    }

    private void assertNothingWritten() {
        assertThat(count("products")).isEqualTo(productsBefore);
    }

    private static void assertProblem(Api.Response response, int status, String type) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("type").asString()).endsWith("/" + type);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.has("title")).isTrue();
        assertThat(problem.has("detail")).isTrue();
    }

    private static List<String> fields(JsonNode problem) {
        List<String> fields = new java.util.ArrayList<>();
        problem.get("errors").forEach(error -> {
            assertThat(error.get("message").asString()).isNotBlank();
            fields.add(error.get("field").asString());
        });
        return fields;
    }
}
