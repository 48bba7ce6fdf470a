package dev.mercato.pricing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mercato.support.ApiTest;
import dev.mercato.support.CouponAdmin;
import dev.mercato.support.Shop;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One price: what {@code GET /api/cart} shows is what {@code POST /api/orders} charges, for random
 * carts mixing regular units, units claimed in active flash sales (below and above the regular
 * price), several SKUs and coupons. The seed is in every assertion message, so a failure can be replayed.
 */
class CartTotalEqualsOrderTotalTests extends ApiTest {

    private static final int CARTS = 8;

    private Shop shop;
    private String admin;

    @BeforeEach
    void setUp() {
        admin = adminToken();
        shop = new Shop(api, admin);
    }

    @Test
    void cartTotalIsWhatTheOrderCharges() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int round = 0; round < CARTS; round++) {
            String customer = customerToken();
            String context = "seed " + seed + ", cart " + round;
            int skus = 2 + random.nextInt(3);
            boolean anyLine = false;
            for (int i = 0; i < skus; i++) {
                BigDecimal price = BigDecimal.valueOf(100 + random.nextInt(99_900), 2);
                String sku = shop.productWithStock(price.toPlainString(), 100);
                if (random.nextInt(3) > 0) {
                    // mostly below the regular price; sometimes above, which checkout must ignore
                    BigDecimal flash = price.multiply(BigDecimal.valueOf(random.nextInt(4) == 0 ? 120 : 30 + random.nextInt(60)))
                            .movePointLeft(2).setScale(2, java.math.RoundingMode.HALF_UP);
                    String sale = createSale(sku, flash.toPlainString(), 5);
                    int claimed = 1 + random.nextInt(5);
                    var claim = api.post("/api/flash-sales/" + sale + "/claims", Map.of("quantity", claimed), customer);
                    assertThat(claim.status()).as(context + ": " + claim).isEqualTo(200);
                    anyLine = true;
                }
                // the last SKU is added when nothing else was, or the checkout would rightly be an empty cart's 409
                if (random.nextBoolean() || (i == skus - 1 && !anyLine)) {
                    var added = shop.add(customer, sku, 1 + random.nextInt(7));
                    assertThat(added.status()).as(context + ": " + added).isEqualTo(200);
                    anyLine = true;
                }
            }
            var cart = api.get("/api/cart", customer);
            assertThat(cart.status()).as(context + ": " + cart).isEqualTo(200);

            var order = shop.checkout(customer, UUID.randomUUID().toString(), "tok_visa");
            assertThat(order.status()).as(context + ": " + order).isEqualTo(201);

            String cartTotals = totals(cart.json());
            assertThat(cartTotals).as(context + ": cart " + cart.body() + " vs order " + order.body()).isEqualTo(totals(order.json()));
        }
    }

    /**
     * The same with a coupon on every cart: percentage or fixed, sometimes limited to one of the cart's
     * SKUs, sometimes with a minimum subtotal, over carts with and without flash-priced units. The
     * preview ({@code GET /api/cart?couponCode=}) and the order agree on the totals, or refuse with the
     * same problem.
     */
    @Test
    void cartPreviewWithACouponIsWhatTheOrderCharges() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        CouponAdmin coupons = new CouponAdmin(api, admin);
        int discounted = 0;
        for (int round = 0; round < CARTS; round++) {
            String customer = customerToken();
            String context = "seed " + seed + ", coupon cart " + round;
            List<String> skus = new ArrayList<>();
            for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
                BigDecimal price = BigDecimal.valueOf(100 + random.nextInt(19_900), 2);
                String sku = shop.productWithStock(price.toPlainString(), 100);
                skus.add(sku);
                if (random.nextInt(3) == 0) {
                    BigDecimal flash = price.multiply(BigDecimal.valueOf(30 + random.nextInt(60))).movePointLeft(2)
                            .setScale(2, java.math.RoundingMode.HALF_UP);
                    var claim = api.post("/api/flash-sales/" + createSale(sku, flash.toPlainString(), 5) + "/claims",
                            Map.of("quantity", 1 + random.nextInt(3)), customer);
                    assertThat(claim.status()).as(context + ": " + claim).isEqualTo(200);
                }
                var added = shop.add(customer, sku, 1 + random.nextInt(4));
                assertThat(added.status()).as(context + ": " + added).isEqualTo(200);
            }
            Map<String, Object> terms = new java.util.HashMap<>();
            if (random.nextInt(3) == 0) {
                terms.put("skus", List.of(skus.get(random.nextInt(skus.size()))));
            }
            if (random.nextInt(4) == 0) {
                terms.put("minSubtotal", BigDecimal.valueOf(random.nextInt(40_000), 2).toPlainString());
                terms.put("currency", "USD");
            }
            String code = random.nextBoolean()
                    ? coupons.code("percentage", Integer.toString(1 + random.nextInt(90)), terms)
                    : coupons.code("fixed", BigDecimal.valueOf(50 + random.nextInt(3_000), 2).toPlainString(), terms);

            var preview = coupons.preview(customer, code);
            var order = coupons.checkout(customer, "tok_visa", code);
            if (preview.status() == 409) {
                assertThat(order.status()).as(context + ": preview " + preview + " vs order " + order).isEqualTo(409);
                assertThat(order.json().get("type").asString()).as(context).isEqualTo(preview.json().get("type").asString());
                assertThat(order.json().get("reason").asString()).as(context).isEqualTo(preview.json().get("reason").asString());
                continue;
            }
            assertThat(preview.status()).as(context + ": " + preview).isEqualTo(200);
            assertThat(order.status()).as(context + ": " + order).isEqualTo(201);
            assertThat(totals(preview.json())).as(context + ": cart " + preview.body() + " vs order " + order.body())
                    .isEqualTo(totals(order.json()));
            assertThat(preview.json().get("coupon").get("code").asString()).isEqualTo(code);
            discounted++;
        }
        assertThat(discounted).as("seed " + seed + ": carts that got their coupon").isPositive();
    }

    private static String totals(tools.jackson.databind.JsonNode body) {
        List<String> parts = new ArrayList<>();
        for (String field : List.of("subtotal", "discount", "total", "currency")) {
            parts.add(field + "=" + (body.get(field) == null ? null : body.get(field).asString()));
        }
        return String.join(" ", parts);
    }

    private String createSale(String sku, String price, int perCustomerLimit) {
        var created = api.post("/api/admin/flash-sales", Map.of("sku", sku, "price", price,
                "startsAt", Instant.now().minus(1, ChronoUnit.MINUTES).toString(),
                "endsAt", Instant.now().plus(1, ChronoUnit.HOURS).toString(), "quantity", 50, "perCustomerLimit", perCustomerLimit), admin);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }
}
