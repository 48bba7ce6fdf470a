package dev.mercato.support;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.mercato.support.Products.product;
import static org.assertj.core.api.Assertions.assertThat;

/** Drives the shop over HTTP the way a storefront and an operator would. */
public final class Shop {

    private final Api api;
    private final String admin;

    public Shop(Api api, String adminToken) {
        this.api = api;
        this.admin = adminToken;
    }

    public static Map<String, Object> order(String token) {
        return Map.of(
                "shippingAddress", Map.of("name", "Ann Buyer", "line1", "1 Main St", "city", "Springfield", "postalCode", "12345", "country", "US"),
                "payment", Map.of("method", "card", "token", token));
    }

    /** Creates a product with one SKU and puts {@code units[i]} on hand in warehouse i (created as needed). */
    public String productWithStock(String price, long... units) {
        String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 12);
        var created = api.post("/api/admin/products", product("Stocked " + sku, "Stocky", "test/stocked", sku, price), admin);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        for (int i = 0; i < units.length; i++) {
            String warehouse = "wh-" + i;
            api.post("/api/admin/warehouses", Map.of("code", warehouse, "name", "Warehouse " + i, "priority", i), admin);
            var set = api.put("/api/admin/stock/" + sku + "/" + warehouse, Map.of("quantity", units[i]), admin);
            assertThat(set.status()).as(set.toString()).isEqualTo(200);
        }
        return sku;
    }

    public String guest() {
        return api.post("/api/auth/guest", "", null).json().get("token").asString();
    }

    public Api.Response add(String token, String sku, int quantity) {
        return api.post("/api/cart/items", Map.of("sku", sku, "quantity", quantity), token);
    }

    public Api.Response checkout(String token, String key, String card) {
        return api.post("/api/orders", order(card), token, "Idempotency-Key", key);
    }

    public long available(String sku) {
        return api.get("/api/availability/" + sku, null).json().get("available").asLong();
    }

    public List<String> statuses(Api.Response... responses) {
        return java.util.Arrays.stream(responses).map(r -> Integer.toString(r.status())).toList();
    }
}
