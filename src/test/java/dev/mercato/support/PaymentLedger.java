package dev.mercato.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import tools.jackson.databind.JsonNode;

/** The payment provider's ledger of an order, as an operator reads it ({@code GET /api/admin/payments}). */
public final class PaymentLedger {

    private final Api api;
    private final String admin;

    public PaymentLedger(Api api, String adminToken) {
        this.api = api;
        this.admin = adminToken;
    }

    /** The kinds of the order's entries, oldest first. */
    public List<String> kinds(String orderId) {
        List<String> kinds = new ArrayList<>();
        api.get("/api/admin/payments?orderId=" + orderId, admin).json().forEach(r -> kinds.add(r.get("kind").asString()));
        return kinds;
    }

    /** Waits for the first entry of the kind: reversals run from the event registry after the status change commits. */
    public JsonNode await(String orderId, String kind) {
        return org.awaitility.Awaitility.await("a " + kind + " in the ledger of order " + orderId).atMost(Duration.ofSeconds(10))
                .until(() -> find(orderId, kind), Objects::nonNull);
    }

    private JsonNode find(String orderId, String kind) {
        for (JsonNode record : api.get("/api/admin/payments?orderId=" + orderId, admin).json()) {
            if (record.get("kind").asString().equals(kind)) {
                return record;
            }
        }
        return null;
    }
}
