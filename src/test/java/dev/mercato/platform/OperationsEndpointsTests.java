package dev.mercato.platform;

import org.junit.jupiter.api.Test;

import dev.mercato.support.ApiTest;

import static org.assertj.core.api.Assertions.assertThat;

class OperationsEndpointsTests extends ApiTest {

    @Test
    void livenessAndReadinessProbesAnswerUpAsActuatorJsonWithoutDetails() {
        for (String probe : new String[] {"/actuator/health/liveness", "/actuator/health/readiness"}) {
            var response = api.get(probe, null);
            assertThat(response.status()).as(probe).isEqualTo(200);
            assertThat(response.header("Content-Type")).as(probe).startsWith("application/vnd.spring-boot.actuator.v3+json");
            var health = response.json();
            assertThat(health.get("status").asString()).as(probe).isEqualTo("UP");
            // show-details: never; an anonymous caller learns nothing about the components
            assertThat(health.has("components")).as(probe + " " + response.body()).isFalse();
            assertThat(health.has("details")).as(probe + " " + response.body()).isFalse();
        }
    }

    @Test
    void healthAnswersUpAndListsTheProbeGroups() {
        var health = api.get("/actuator/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("UP");
        var groups = new java.util.ArrayList<String>();
        health.json().get("groups").forEach(group -> groups.add(group.asString()));
        assertThat(groups).contains("liveness", "readiness");
    }

    @Test
    void prometheusExposesPoolAndHttpMetricsInTheTextFormat() {
        api.get("/api/categories", null);
        var metrics = api.get("/actuator/prometheus", adminToken());
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.header("Content-Type")).startsWith("text/plain").contains("version=0.0.4");
        assertThat(metrics.body()).contains("# TYPE hikaricp_connections_max gauge")
                .contains("# TYPE http_server_requests_seconds")
                .contains("application=\"mercato\"");
    }

    /** Issue 13: one observation per request; the per-filter security observations and the *.active timers cost CPU nobody reads. */
    @Test
    void requestsThroughTheSecurityChainAreObservedOnceWithoutLongTaskTimers() {
        assertThat(api.get("/api/cart", customerToken()).status()).isEqualTo(200);
        var metrics = api.get("/actuator/prometheus", adminToken());
        assertThat(metrics.body()).contains("http_server_requests_seconds_count{")
                .doesNotContain("spring_security_")
                .doesNotContain("http_server_requests_active");
    }

    @Test
    void metricsAreForAdminsOnly() {
        String customer = customerToken();
        for (String path : new String[] {"/actuator/prometheus", "/actuator/metrics", "/actuator/metrics/jvm.info"}) {
            var anonymous = api.get(path, null);
            assertThat(anonymous.status()).as(path).isEqualTo(401);
            assertThat(anonymous.header("WWW-Authenticate")).as(path).isEqualTo("Bearer");
            assertThat(anonymous.header("Content-Type")).as(path).startsWith("application/problem+json");
            assertThat(anonymous.body()).as(path).doesNotContain("jvm");
            assertThat(api.get(path, customer).status()).as(path).isEqualTo(403);
        }
        assertThat(api.get("/actuator/metrics", adminToken()).status()).isEqualTo(200);
    }

    @Test
    void openApiDescribesTheMainRoutes() {
        var docs = api.get("/v3/api-docs", null);
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.header("Content-Type")).startsWith("application/json");
        var paths = docs.json().get("paths");
        assertThat(paths.propertyNames()).contains(
                "/api/auth/guest", "/api/auth/register", "/api/auth/login",
                "/api/categories", "/api/products", "/api/products/{idOrSlug}", "/api/availability/{sku}", "/api/search",
                "/api/cart", "/api/cart/items", "/api/cart/items/{sku}",
                "/api/orders", "/api/orders/{id}", "/api/orders/{id}/cancel",
                "/api/admin/products", "/api/admin/products/{id}", "/api/admin/products/import",
                "/api/admin/stock/{sku}", "/api/admin/orders", "/api/admin/payments", "/api/admin/flash-sales");
        assertThat(paths.get("/api/cart/items/{sku}").propertyNames()).contains("patch", "delete");
    }

    @Test
    void everyResponseCarriesARequestId() {
        assertThat(api.get("/api/categories", null).header("X-Request-Id")).isNotBlank();
        assertThat(api.get("/api/categories", null, "X-Request-Id", "trace-123").header("X-Request-Id")).isEqualTo("trace-123");
    }
}
