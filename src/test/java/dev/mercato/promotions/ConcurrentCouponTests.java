package dev.mercato.promotions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mercato.support.Api;
import dev.mercato.support.ApiTest;
import dev.mercato.support.Concurrently;
import dev.mercato.support.CouponAdmin;
import dev.mercato.support.Shop;

import static dev.mercato.support.CouponAdmin.coupon;
import static dev.mercato.support.CouponAdmin.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Coupon limits under concurrent checkouts through the HTTP API, against real PostgreSQL; the
 * outcome is checked in the database (orders, redemptions, counters), not only in the answers.
 * Checkouts of one coupon queue on its counter row, so on a loaded machine some may wait out the
 * connection pool and answer 503 try-again: the clients here retry those with the same key, as the
 * answer tells them to.
 */
class ConcurrentCouponTests extends ApiTest {

    private Shop shop;
    private CouponAdmin coupons;

    @BeforeEach
    void setUp() {
        String admin = adminToken();
        shop = new Shop(api, admin);
        coupons = new CouponAdmin(api, admin);
    }

    @Test
    void fiftyConcurrentCheckoutsWithACouponOfTenRedemptionsMakeExactlyTenDiscountedPaidOrders() throws Exception {
        var created = coupons.create(coupon("percentage", "20", Map.of("maxRedemptions", 10)));
        String couponId = created.json().get("id").asString();
        String code = created.json().get("code").asString();
        String sku = shop.productWithStock("10.00", 100);
        List<String> shoppers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String shopper = shop.guest();
            assertThat(shop.add(shopper, sku, 1).status()).isEqualTo(200);
            shoppers.add(shopper);
        }

        List<Api.Response> answers = Concurrently.run(50, i -> () -> coupons.checkoutRetryingContention(shoppers.get(i), "tok_visa", code));

        assertThat(statuses(answers)).as(answers.toString()).isEqualTo(Map.of(201, 10L, 409, 40L));
        assertThat(answers).filteredOn(a -> a.status() == 201).as("discounted orders answered").hasSize(10)
                .allSatisfy(a -> assertThat(a.json().get("discount").asString()).isEqualTo("2.00"));
        assertThat(answers).filteredOn(a -> a.status() != 201).hasSize(40)
                .allSatisfy(a -> {
                    assertThat(a.status()).as(a.toString()).isEqualTo(409);
                    assertThat(problem(a)).isEqualTo("coupon-exhausted");
                });
        UUID id = UUID.fromString(couponId);
        assertThat(jdbc.sql("""
                SELECT count(*) FROM orders o JOIN order_lines l ON l.order_id = o.id
                WHERE l.sku = :sku AND o.status = 'paid' AND o.discount = 2.00 AND o.total = 8.00""")
                .param("sku", sku).query(Long.class).single()).as("discounted paid orders in the database").isEqualTo(10);
        assertThat(jdbc.sql("SELECT count(*) FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE l.sku = :sku")
                .param("sku", sku).query(Long.class).single()).as("orders of any kind").isEqualTo(10);
        assertThat(jdbc.sql("SELECT taken FROM coupons WHERE id = :id").param("id", id).query(Integer.class).single()).isEqualTo(10);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(jdbc.sql(
                "SELECT count(*) FROM coupon_redemptions WHERE coupon_id = :id AND state = 'redeemed'").param("id", id)
                .query(Long.class).single()).as("redemptions counted for paid orders").isEqualTo(10));
        assertThat(coupons.get(couponId).json().get("redemptions").asInt()).isEqualTo(10);
        assertThat(coupons.get(couponId).json().get("remaining").asInt()).isZero();
    }

    private static Map<Integer, Long> statuses(List<Api.Response> answers) {
        return answers.stream().collect(java.util.stream.Collectors.groupingBy(Api.Response::status, java.util.TreeMap::new,
                java.util.stream.Collectors.counting()));
    }

    @Test
    void oneCustomerWithALimitOfOneGetsOneDiscountFromTenParallelCheckouts() throws Exception {
        var created = coupons.create(coupon("fixed", "3.00", Map.of("perCustomerLimit", 1)));
        UUID couponId = UUID.fromString(created.json().get("id").asString());
        String code = created.json().get("code").asString();
        String sku = shop.productWithStock("10.00", 100);
        String customer = customerToken();
        assertThat(shop.add(customer, sku, 1).status()).isEqualTo(200);

        List<Api.Response> answers = Concurrently.run(10, i -> () -> coupons.checkoutRetryingContention(customer, "tok_visa", code));

        assertThat(answers).filteredOn(a -> a.status() == 201).as(answers.toString()).hasSize(1);
        assertThat(answers).filteredOn(a -> a.status() != 201).allSatisfy(a -> {
            assertThat(a.status()).as(a.toString()).isEqualTo(409);
            assertThat(problem(a)).isIn("coupon-limit", "empty-cart");
        });
        String owner = jdbc.sql("SELECT owner FROM coupon_redemptions WHERE coupon_id = :id").param("id", couponId)
                .query(String.class).single();
        assertThat(jdbc.sql("SELECT count(*) FROM orders WHERE owner = :owner AND discount > 0").param("owner", owner)
                .query(Long.class).single()).as("discounted orders of the customer").isEqualTo(1);
        assertThat(jdbc.sql("SELECT taken FROM coupon_customer_uses WHERE coupon_id = :id").param("id", couponId)
                .query(Integer.class).single()).isEqualTo(1);
    }
}
