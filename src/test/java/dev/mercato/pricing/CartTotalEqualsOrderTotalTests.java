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
import dev.mercato.support.Shop;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One price: what {@code GET /api/cart} shows is what {@code POST /api/orders} charges, for random
 * carts mixing regular units, units claimed in active flash sales (below and above the regular
 * price) and several SKUs. The seed is in every assertion message, so a failure can be replayed.
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
                }
                if (random.nextBoolean()) {
                    var added = shop.add(customer, sku, 1 + random.nextInt(7));
                    assertThat(added.status()).as(context + ": " + added).isEqualTo(200);
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
