package dev.mercato.support;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Coupons created and used over HTTP, as an operator and a storefront would. */
public final class CouponAdmin {

    private final Api api;
    private final String admin;

    public CouponAdmin(Api api, String adminToken) {
        this.api = api;
        this.admin = adminToken;
    }

    /** A coupon body running from a minute ago for an hour, with a unique code; {@code terms} override or add fields. */
    public static Map<String, Object> coupon(String kind, String value, Map<String, Object> terms) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", "C" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase());
        body.put("kind", kind);
        body.put("value", value);
        if (kind.equals("fixed")) {
            body.put("currency", "USD");
        }
        body.put("startsAt", Instant.now().minus(1, ChronoUnit.MINUTES).toString());
        body.put("endsAt", Instant.now().plus(1, ChronoUnit.HOURS).toString());
        body.putAll(terms);
        return body;
    }

    /** Creates the coupon (201 asserted) and returns its answer. */
    public Api.Response create(Map<String, Object> body) {
        var created = api.post("/api/admin/promotions", body, admin);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created;
    }

    /** Creates a coupon and returns its code. */
    public String code(String kind, String value, Map<String, Object> terms) {
        return create(coupon(kind, value, terms)).json().get("code").asString();
    }

    public Api.Response get(String id) {
        return api.get("/api/admin/promotions/" + id, admin);
    }

    public Api.Response checkout(String token, String card, String couponCode) {
        return checkout(token, card, couponCode, UUID.randomUUID().toString());
    }

    public Api.Response checkout(String token, String card, String couponCode, String key) {
        Map<String, Object> body = new HashMap<>(Shop.order(card));
        body.put("couponCode", couponCode);
        return api.post("/api/orders", body, token, "Idempotency-Key", key);
    }

    /**
     * A checkout as a well-behaved client sends it under load: a 503 {@code try-again} (nothing was
     * changed: a connection or lock wait ran out) is sent again with the same key, after its Retry-After.
     */
    public Api.Response checkoutRetryingContention(String token, String card, String couponCode) throws InterruptedException {
        String key = UUID.randomUUID().toString();
        Api.Response response = checkout(token, card, couponCode, key);
        for (int attempt = 0; attempt < 10 && response.status() == 503; attempt++) {
            Thread.sleep(1000);
            response = checkout(token, card, couponCode, key);
        }
        return response;
    }

    public Api.Response preview(String token, String couponCode) {
        return api.get("/api/cart?couponCode=" + java.net.URLEncoder.encode(couponCode, java.nio.charset.StandardCharsets.UTF_8), token);
    }

    /** The problem type's last segment, e.g. {@code invalid-coupon}. */
    public static String problem(Api.Response response) {
        String type = response.json().get("type").asString();
        return type.substring(type.lastIndexOf('/') + 1);
    }
}
