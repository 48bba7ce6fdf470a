package dev.mercato.promotions;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mercato.support.Api;
import dev.mercato.support.ApiTest;
import dev.mercato.support.CouponAdmin;
import dev.mercato.support.Shop;

import static dev.mercato.support.CouponAdmin.coupon;
import static dev.mercato.support.CouponAdmin.problem;
import static dev.mercato.support.Products.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Coupons over HTTP (API.md "Promotions and coupons"): admin routes, the cart preview, checkout,
 * and the redemption's life with its order. Every refusal is checked to write nothing.
 */
class CouponApiTests extends ApiTest {

    private String admin;
    private Shop shop;
    private CouponAdmin coupons;

    @BeforeEach
    void setUp() {
        admin = adminToken();
        shop = new Shop(api, admin);
        coupons = new CouponAdmin(api, admin);
    }

    @Test
    void adminCreatesListsShowsAndEndsACoupon() {
        Map<String, Object> body = coupon("percentage", "15", Map.of("maxRedemptions", 5, "perCustomerLimit", 1));
        var created = coupons.create(body);
        String id = created.json().get("id").asString();
        assertThat(created.header("Location")).endsWith("/api/admin/promotions/" + id);
        assertThat(created.json().get("value").asString()).isEqualTo("15.00");
        assertThat(created.json().get("remaining").asInt()).isEqualTo(5);
        assertThat(created.json().get("active").asBoolean()).isTrue();

        var taken = api.post("/api/admin/promotions", Map.of("code", body.get("code").toString().toLowerCase(), "kind", "fixed",
                "value", "5", "currency", "USD", "startsAt", body.get("startsAt"), "endsAt", body.get("endsAt")), admin);
        assertThat(taken.status()).as(taken.toString()).isEqualTo(409);
        assertThat(problem(taken)).isEqualTo("coupon-code-taken");

        var list = api.get("/api/admin/promotions?limit=100", admin);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("items").findValuesAsString("id")).contains(id);

        var shown = coupons.get(id);
        assertThat(shown.json().get("redemptions").asInt()).isZero();

        var ended = api.delete("/api/admin/promotions/" + id, admin);
        assertThat(ended.status()).as(ended.toString()).isEqualTo(200);
        assertThat(ended.json().get("active").asBoolean()).isFalse();
        assertThat(ended.json().get("deactivatedAt").isNull()).isFalse();

        String shopper = customerToken();
        shop.add(shopper, shop.productWithStock("20.00", 5), 1);
        var refused = coupons.checkout(shopper, "tok_visa", body.get("code").toString());
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(problem(refused)).isEqualTo("invalid-coupon");
        assertThat(refused.json().get("reason").asString()).isEqualTo("expired");

        assertThat(api.get("/api/admin/promotions/" + UUID.randomUUID(), admin).status()).isEqualTo(404);
        assertThat(api.get("/api/admin/promotions", shopper).status()).isEqualTo(403);
    }

    @Test
    void invalidCouponDefinitionsAre400AndCreateNothing() {
        long before = count("coupons");
        List<Map<String, Object>> invalid = List.of(
                coupon("percentage", "101", Map.of()),
                coupon("fixed", "5", Map.of("currency", "usd")),
                coupon("bogus", "5", Map.of()),
                coupon("percentage", "0", Map.of()),
                coupon("percentage", "10", Map.of("code", "no spaces allowed")),
                coupon("percentage", "10", Map.of("endsAt", Instant.now().minus(2, ChronoUnit.HOURS).toString())),
                coupon("percentage", "10", Map.of("minSubtotal", "50")),
                coupon("percentage", "10", Map.of("skus", List.of("NO-SUCH-SKU-" + UUID.randomUUID()))),
                coupon("percentage", "10", Map.of("maxRedemptions", 0)));
        Map<String, Object> fixedWithoutCurrency = new java.util.HashMap<>(coupon("fixed", "5", Map.of()));
        fixedWithoutCurrency.remove("currency");
        for (Map<String, Object> body : java.util.stream.Stream.concat(invalid.stream(), java.util.stream.Stream.of(fixedWithoutCurrency)).toList()) {
            var response = api.post("/api/admin/promotions", body, admin);
            assertThat(response.status()).as(body + " -> " + response).isEqualTo(400);
            assertThat(response.json().get("errors").isArray()).as(response.toString()).isTrue();
        }
        assertThat(count("coupons")).isEqualTo(before);
    }

    @Test
    void percentageAndFixedDiscountsArePreviewedInTheCartAndChargedByTheOrder() {
        String sku = shop.productWithStock("19.99", 10);
        String percent = coupons.code("percentage", "10", Map.of());
        String fixed = coupons.code("fixed", "5.00", Map.of());

        String first = customerToken();
        shop.add(first, sku, 3); // 59.97, 10% = 5.997 -> 6.00 (half up, on the whole eligible amount)
        var preview = coupons.preview(first, percent.toLowerCase());
        assertThat(preview.status()).as(preview.toString()).isEqualTo(200);
        assertThat(preview.json().get("discount").asString()).isEqualTo("6.00");
        assertThat(preview.json().get("total").asString()).isEqualTo("53.97");
        assertThat(preview.json().get("coupon").get("discount").asString()).isEqualTo("6.00");
        assertThat(api.get("/api/cart", first).json().get("total").asString()).as("the plain cart has no coupon").isEqualTo("59.97");
        var order = coupons.checkout(first, "tok_visa", percent.toLowerCase());
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        assertThat(order.json().get("subtotal").asString()).isEqualTo("59.97");
        assertThat(order.json().get("discount").asString()).isEqualTo("6.00");
        assertThat(order.json().get("total").asString()).isEqualTo("53.97");

        String second = customerToken();
        shop.add(second, sku, 1);
        var fixedOrder = coupons.checkout(second, "tok_visa", fixed);
        assertThat(fixedOrder.status()).as(fixedOrder.toString()).isEqualTo(201);
        assertThat(fixedOrder.json().get("discount").asString()).isEqualTo("5.00");
        assertThat(fixedOrder.json().get("total").asString()).isEqualTo("14.99");
        assertThat(jdbc.sql("SELECT sum(amount) FROM sandbox_payments WHERE order_id = :id AND kind = 'capture'")
                .param("id", UUID.fromString(fixedOrder.json().get("id").asString())).query(java.math.BigDecimal.class).single())
                .as("the processor charged the discounted total").isEqualByComparingTo("14.99");
    }

    @Test
    void aFixedDiscountNeverTakesMoreThanTheEligibleAmount() {
        String sku = shop.productWithStock("3.50", 10);
        String fixed = coupons.code("fixed", "20.00", Map.of());
        String shopper = shop.guest();
        shop.add(shopper, sku, 2);
        var order = coupons.checkout(shopper, "tok_visa", fixed);
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        assertThat(order.json().get("discount").asString()).isEqualTo("7.00");
        assertThat(order.json().get("total").asString()).isEqualTo("0.00");
    }

    @Test
    void aCouponOutsideItsWindowIsRefusedAndWritesNothing() {
        Instant now = Instant.now();
        String future = coupons.code("percentage", "10", Map.of("startsAt", now.plus(1, ChronoUnit.HOURS).toString(),
                "endsAt", now.plus(2, ChronoUnit.HOURS).toString()));
        String past = coupons.code("percentage", "10", Map.of("startsAt", now.minus(2, ChronoUnit.HOURS).toString(),
                "endsAt", now.minus(1, ChronoUnit.HOURS).toString()));
        String shopper = customerToken();
        shop.add(shopper, shop.productWithStock("10.00", 5), 1);
        assertRefusedWritingNothing(shopper, future, "invalid-coupon", "not-started");
        assertRefusedWritingNothing(shopper, past, "invalid-coupon", "expired");
        assertRefusedWritingNothing(shopper, "NO-SUCH-" + UUID.randomUUID().toString().substring(0, 8), "invalid-coupon", "unknown");
    }

    @Test
    void aCouponNeedsItsMinimumSubtotal() {
        String sku = shop.productWithStock("10.00", 10);
        String code = coupons.code("percentage", "50", Map.of("minSubtotal", "30.00", "currency", "USD"));
        String shopper = customerToken();
        shop.add(shopper, sku, 2);
        var refused = assertRefusedWritingNothing(shopper, code, "invalid-coupon", "below-min-subtotal");
        assertThat(refused.json().get("minSubtotal").asString()).isEqualTo("30.00");

        shop.add(shopper, sku, 1); // exactly the minimum
        var order = coupons.checkout(shopper, "tok_visa", code);
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        assertThat(order.json().get("discount").asString()).isEqualTo("15.00");
    }

    @Test
    void aCouponLimitedToSkusOrCategoriesDiscountsOnlyTheirLines() {
        String root = "coupon-" + UUID.randomUUID().toString().substring(0, 8);
        String lampSku = productIn(root + "/lighting/lamps", "40.00");
        String chairSku = productIn(root + "/seating", "100.00");
        String bySku = coupons.code("percentage", "10", Map.of("skus", List.of(chairSku)));
        String byCategory = coupons.code("percentage", "10", Map.of("categories", List.of(root + "/lighting")));
        String elsewhere = coupons.code("percentage", "10", Map.of("categories", List.of(root + "/garden")));

        String shopper = customerToken();
        shop.add(shopper, lampSku, 1);
        shop.add(shopper, chairSku, 1);
        assertThat(coupons.preview(shopper, bySku).json().get("discount").asString()).isEqualTo("10.00");
        assertThat(coupons.preview(shopper, byCategory).json().get("discount").asString())
                .as("a category covers its subtree").isEqualTo("4.00");
        assertRefusedWritingNothing(shopper, elsewhere, "invalid-coupon", "no-eligible-line");

        var order = coupons.checkout(shopper, "tok_visa", byCategory);
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        assertThat(order.json().get("discount").asString()).isEqualTo("4.00");
        assertThat(order.json().get("total").asString()).isEqualTo("136.00");
    }

    @Test
    void unitsAtAFlashSalePriceGetNoCoupon() {
        String sku = shop.productWithStock("50.00", 20);
        var sale = api.post("/api/admin/flash-sales", Map.of("sku", sku, "price", "30.00",
                "startsAt", Instant.now().minus(1, ChronoUnit.MINUTES).toString(),
                "endsAt", Instant.now().plus(1, ChronoUnit.HOURS).toString(), "quantity", 10, "perCustomerLimit", 2), admin);
        assertThat(sale.status()).as(sale.toString()).isEqualTo(201);
        String code = coupons.code("percentage", "10", Map.of());

        String shopper = customerToken();
        var claim = api.post("/api/flash-sales/" + sale.json().get("id").asString() + "/claims", Map.of("quantity", 2), shopper);
        assertThat(claim.status()).as(claim.toString()).isEqualTo(200);
        assertRefusedWritingNothing(shopper, code, "invalid-coupon", "no-eligible-line");

        shop.add(shopper, sku, 1); // 2 flash units at 30 (saving 40) and one regular unit at 50 (10% = 5)
        var preview = coupons.preview(shopper, code);
        assertThat(preview.json().get("discount").asString()).isEqualTo("45.00");
        var order = coupons.checkout(shopper, "tok_visa", code);
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        assertThat(order.json().get("subtotal").asString()).isEqualTo("150.00");
        assertThat(order.json().get("discount").asString()).isEqualTo("45.00");
        assertThat(order.json().get("total").asString()).isEqualTo("105.00");
    }

    @Test
    void aCancelledPaidOrderReturnsItsRedemption() {
        var created = coupons.create(coupon("percentage", "10", Map.of("maxRedemptions", 1)));
        String id = created.json().get("id").asString();
        String code = created.json().get("code").asString();
        String sku = shop.productWithStock("10.00", 10);

        String first = customerToken();
        shop.add(first, sku, 1);
        var paid = coupons.checkout(first, "tok_visa", code);
        assertThat(paid.status()).as(paid.toString()).isEqualTo(201);
        awaitRedemptions(id, 1);

        String second = customerToken();
        shop.add(second, sku, 1);
        assertRefusedWritingNothing(second, code, "coupon-exhausted", null);

        var cancelled = api.post("/api/orders/" + paid.json().get("id").asString() + "/cancel", "", first);
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        awaitRedemptions(id, 0);
        assertThat(coupons.get(id).json().get("remaining").asInt()).isEqualTo(1);

        var secondOrder = coupons.checkout(second, "tok_visa", code);
        assertThat(secondOrder.status()).as(secondOrder.toString()).isEqualTo(201);
        assertThat(secondOrder.json().get("discount").asString()).isEqualTo("1.00");
        awaitRedemptions(id, 1);
    }

    /**
     * An order placed by a release that did not record whether it had a coupon ({@code with_coupon}
     * NULL) still has its status changes stored for the coupons' listener: only orders known to have
     * none skip it.
     */
    @Test
    void anOrderNotKnownToHaveNoCouponStillReturnsItsRedemption() {
        var created = coupons.create(coupon("percentage", "10", Map.of("maxRedemptions", 1)));
        String id = created.json().get("id").asString();
        String shopper = customerToken();
        shop.add(shopper, shop.productWithStock("10.00", 10), 1);
        var paid = coupons.checkout(shopper, "tok_visa", created.json().get("code").asString());
        assertThat(paid.status()).as(paid.toString()).isEqualTo(201);
        awaitRedemptions(id, 1);
        String orderId = paid.json().get("id").asString();
        assertThat(jdbc.sql("UPDATE orders SET with_coupon = NULL WHERE id = :id::uuid AND with_coupon").param("id", orderId).update())
                .as("the order recorded its coupon").isEqualTo(1);

        var cancelled = api.post("/api/orders/" + orderId + "/cancel", "", shopper);
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        awaitRedemptions(id, 0);
    }

    @Test
    void aRefundedOrderReturnsItsRedemption() {
        var created = coupons.create(coupon("fixed", "2.00", Map.of("perCustomerLimit", 1)));
        String id = created.json().get("id").asString();
        String code = created.json().get("code").asString();
        String sku = shop.productWithStock("10.00", 10);
        String shopper = customerToken();
        shop.add(shopper, sku, 1);
        var paid = coupons.checkout(shopper, "tok_visa", code);
        assertThat(paid.status()).as(paid.toString()).isEqualTo(201);
        awaitRedemptions(id, 1);

        shop.add(shopper, sku, 1);
        assertRefusedWritingNothing(shopper, code, "coupon-limit", null);

        var refunded = api.post("/api/admin/orders/" + paid.json().get("id").asString() + "/refund", "", admin);
        assertThat(refunded.status()).as(refunded.toString()).isEqualTo(200);
        awaitRedemptions(id, 0);
        var again = coupons.checkout(shopper, "tok_visa", code);
        assertThat(again.status()).as(again.toString()).isEqualTo(201);
        assertThat(again.json().get("discount").asString()).isEqualTo("2.00");
    }

    @Test
    void aDeclinedPaymentGivesTheRedemptionBackAtOnce() {
        var created = coupons.create(coupon("percentage", "10", Map.of("maxRedemptions", 1)));
        String id = created.json().get("id").asString();
        String shopper = customerToken();
        shop.add(shopper, shop.productWithStock("10.00", 10), 1);
        var declined = coupons.checkout(shopper, "tok_declined", created.json().get("code").asString());
        assertThat(declined.status()).as(declined.toString()).isEqualTo(402);
        var shown = coupons.get(id).json();
        assertThat(shown.get("redemptions").asInt()).isZero();
        assertThat(shown.get("pending").asInt()).isZero();
        assertThat(shown.get("remaining").asInt()).as("the slot is free for the retry").isEqualTo(1);

        var retried = coupons.checkout(shopper, "tok_visa", created.json().get("code").asString());
        assertThat(retried.status()).as(retried.toString()).isEqualTo(201);
        awaitRedemptions(id, 1);
    }

    @Test
    void aCouponLimitedPerCustomerNeedsALogin() {
        String code = coupons.code("percentage", "10", Map.of("perCustomerLimit", 3));
        String guest = shop.guest();
        shop.add(guest, shop.productWithStock("10.00", 5), 1);
        var preview = coupons.preview(guest, code);
        assertThat(preview.status()).as(preview.toString()).isEqualTo(403);
        assertRefusedWritingNothing(guest, code, "login-required", null);
    }

    private Api.Response assertRefusedWritingNothing(String shopper, String code, String type, String reason) {
        long orders = count("orders");
        long redemptions = count("coupon_redemptions");
        String cart = api.get("/api/cart", shopper).body();
        var preview = coupons.preview(shopper, code);
        assertThat(preview.status()).as(preview.toString()).isIn(403, 409);
        assertThat(problem(preview)).isEqualTo(type);
        var refused = coupons.checkout(shopper, "tok_visa", code);
        assertThat(refused.status()).as(refused.toString()).isIn(403, 409);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(problem(refused)).isEqualTo(type);
        if (reason != null) {
            assertThat(refused.json().get("reason").asString()).isEqualTo(reason);
        }
        assertThat(count("orders")).as("orders written").isEqualTo(orders);
        assertThat(count("coupon_redemptions")).as("redemptions written").isEqualTo(redemptions);
        assertThat(api.get("/api/cart", shopper).body()).as("the cart is untouched").isEqualTo(cart);
        return refused;
    }

    private void awaitRedemptions(String id, int counted) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(coupons.get(id).json().get("redemptions").asInt()).isEqualTo(counted));
    }

    private String productIn(String category, String price) {
        String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 12);
        var created = api.post("/api/admin/products", product("Coupon " + sku, "Couponco", category, sku, price), admin);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        api.post("/api/admin/warehouses", Map.of("code", "wh-0", "name", "Warehouse 0", "priority", 0), admin);
        assertThat(api.put("/api/admin/stock/" + sku + "/wh-0", Map.of("quantity", 10), admin).status()).isEqualTo(200);
        return sku;
    }
}
