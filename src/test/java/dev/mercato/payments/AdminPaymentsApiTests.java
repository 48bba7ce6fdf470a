package dev.mercato.payments;

import java.math.BigDecimal;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.mercato.support.ApiTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class AdminPaymentsApiTests extends ApiTest {

    @Autowired
    Payments payments;

    @Test
    void adminSeesEveryLedgerEntryOfAnOrder() {
        UUID order = UUID.randomUUID();
        payments.charge(new ChargeRequest(order, new BigDecimal("19.90"), "EUR", "card", "tok_visa"));

        var response = api.get("/api/admin/payments?orderId=" + order, adminToken());

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode records = response.json();
        assertThat(records).hasSize(2);
        JsonNode authorization = records.get(0);
        assertThat(authorization.get("id").asString()).startsWith("auth_");
        assertThat(authorization.get("orderId").asString()).isEqualTo(order.toString());
        assertThat(authorization.get("provider").asString()).isEqualTo("sandbox");
        assertThat(authorization.get("kind").asString()).isEqualTo("authorization");
        assertThat(authorization.get("amount").isString()).isTrue();
        assertThat(authorization.get("amount").asString()).isEqualTo("19.90");
        assertThat(authorization.get("currency").asString()).isEqualTo("EUR");
        assertThat(authorization.get("status").asString()).isEqualTo("succeeded");
        assertThat(authorization.get("idempotencyKey").asString()).isEqualTo("order-" + order + "-authorize");
        assertThat(authorization.get("at").asString()).endsWith("Z");
        assertThat(records.get(1).get("kind").asString()).isEqualTo("capture");
    }

    @Test
    void orderWithoutPaymentsHasAnEmptyLedger() {
        var response = api.get("/api/admin/payments?orderId=" + UUID.randomUUID(), adminToken());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json()).isEmpty();
    }

    @Test
    void onlyAdminsMayReadPayments() {
        String path = "/api/admin/payments?orderId=" + UUID.randomUUID();

        assertThat(api.get(path, customerToken()).status()).isEqualTo(403);
        assertThat(api.get(path, null).status()).isEqualTo(401);
    }

    @Test
    void malformedOrMissingOrderIdIsABadRequestProblem() {
        String admin = adminToken();

        var malformed = api.get("/api/admin/payments?orderId=not-a-uuid", admin);
        var missing = api.get("/api/admin/payments", admin);

        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.header("Content-Type")).startsWith("application/problem+json");
        assertThat(malformed.json().get("errors").get(0).get("field").asString()).isEqualTo("orderId");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
        assertThat(missing.json().get("detail").asString()).contains("orderId");
    }
}
