package dev.mercato.platform;

import org.junit.jupiter.api.Test;

import dev.mercato.support.ApiTest;

import static org.assertj.core.api.Assertions.assertThat;

class OperationsEndpointsTests extends ApiTest {

    @Test
    void livenessAndReadinessProbesAreUp() {
        assertThat(api.get("/actuator/health/liveness", null).body()).contains("UP");
        assertThat(api.get("/actuator/health/readiness", null).body()).contains("UP");
    }

    @Test
    void prometheusExposesPoolAndHttpMetrics() {
        api.get("/api/categories", null);
        var metrics = api.get("/actuator/prometheus", adminToken());
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("hikaricp_connections_max").contains("http_server_requests_seconds");
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
    void openApiDescribesTheRoutes() {
        var docs = api.get("/v3/api-docs", null);
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.body()).contains("/api/products/{idOrSlug}").contains("/api/auth/register")
                .contains("/api/admin/products/import");
    }

    @Test
    void everyResponseCarriesARequestId() {
        assertThat(api.get("/api/categories", null).header("X-Request-Id")).isNotBlank();
        assertThat(api.get("/api/categories", null, "X-Request-Id", "trace-123").header("X-Request-Id")).isEqualTo("trace-123");
    }
}
