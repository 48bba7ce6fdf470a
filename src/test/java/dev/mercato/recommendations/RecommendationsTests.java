package dev.mercato.recommendations;

import dev.mercato.support.Products;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mercato.support.ApiTest;

/**
 * "Customers also bought" over a hand-made order history, written straight into the orders tables
 * days in the past (so no event reaches analytics and no other test's hour is touched):
 * <ul>
 * <li>A was bought with the best-seller X in 5 orders and with B in 4; X is in 45 orders in all, B
 * in 5. By raw count X would come first; by cosine B does (4/sqrt(9*5) = 0.60 against
 * 5/sqrt(9*45) = 0.25), which is the normalisation against best-sellers at work.
 * <li>A was bought with Y once, 100 days ago: outside the 90-day window.
 * <li>C, in X's category, was never bought: it falls back to the category's best-sellers.
 * </ul>
 */
class RecommendationsTests extends ApiTest {

    private String admin;
    private String category;

    @BeforeEach
    void admin() {
        admin = adminToken();
        category = "test/recs-" + UUID.randomUUID().toString().substring(0, 8);
    }

    record Made(String id, String sku) {
    }

    @Test
    void ranksTheProductBoughtWithItAboveTheBestSellerAndLeavesOutOldOrders() {
        Made a = newProduct(), b = newProduct(), x = newProduct(), y = newProduct();
        history(a, b, x, y);
        rebuild();
        assertThat(recommended(a)).startsWith(b.id(), x.id()).doesNotContain(y.id(), a.id());
        assertThat(recommended(b)).first().isEqualTo(a.id());
    }

    @Test
    void neverShowsADeactivatedOrSoldOutProduct() {
        Made a = newProduct(), b = newProduct(), x = newProduct(), y = newProduct();
        history(a, b, x, y);
        rebuild();
        assertThat(recommended(a)).contains(b.id(), x.id());

        assertThat(api.delete("/api/admin/products/" + b.id(), admin).status()).isIn(200, 204);
        assertThat(api.put("/api/admin/stock/" + x.sku() + "/wh-recs", Map.of("quantity", 0), admin).status()).isEqualTo(200);
        assertThat(recommended(a)).doesNotContain(b.id(), x.id());
        rebuild();
        assertThat(recommended(a)).doesNotContain(b.id(), x.id());
        assertThat(api.get("/api/products/" + b.id() + "/recommendations", null).status()).isEqualTo(404);
    }

    @Test
    void fallsBackToTheCategorysBestSellersForAProductNobodyBought() {
        Made a = newProduct(), b = newProduct(), x = newProduct(), y = newProduct();
        Made c = newProduct();
        history(a, b, x, y);
        rebuild();
        assertThat(recommended(c)).startsWith(x.id(), a.id(), b.id()).doesNotContain(c.id());
    }

    @Test
    void refusesALimitOutOfRange() {
        Made a = newProduct();
        assertThat(api.get("/api/products/" + a.id() + "/recommendations?limit=0", null).status()).isEqualTo(400);
        assertThat(api.get("/api/products/" + a.id() + "/recommendations?limit=21", null).status()).isEqualTo(400);
        assertThat(api.get("/api/products/no-such-product/recommendations", null).status()).isEqualTo(404);
        assertThat(api.post("/api/admin/recommendations/rebuild", "", null).status()).isEqualTo(401);
    }

    private void history(Made a, Made b, Made x, Made y) {
        for (int i = 0; i < 5; i++) {
            order(10, a, x);
        }
        for (int i = 0; i < 4; i++) {
            order(20, a, b);
        }
        for (int i = 0; i < 40; i++) {
            order(5 + i % 30, x);
        }
        order(3, b);
        order(100, a, y);
    }

    private Made newProduct() {
        String sku = "REC-" + UUID.randomUUID().toString().substring(0, 12);
        var created = api.post("/api/admin/products", Products.product("Rec " + sku, "Recco", category, sku, "10.00"), admin);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        api.post("/api/admin/warehouses", Map.of("code", "wh-recs", "name", "Recommendations", "priority", 9), admin);
        assertThat(api.put("/api/admin/stock/" + sku + "/wh-recs", Map.of("quantity", 100), admin).status()).isEqualTo(200);
        return new Made(created.json().get("id").asString(), sku);
    }

    /** A paid order placed {@code daysAgo} days ago holding one unit of each product. */
    private void order(int daysAgo, Made... products) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO orders (id, owner, status, currency, subtotal, total, shipping_address, payment_method, payment_token,
                                    hold_owner, created_at, updated_at)
                VALUES (:id, 'session:recs', 'paid', 'USD', 10, 10, '{}', 'card', 'tok_visa', 'session:recs',
                        now() - make_interval(days => :days), now())""")
                .param("id", id).param("days", daysAgo).update();
        for (int i = 0; i < products.length; i++) {
            jdbc.sql("""
                    INSERT INTO order_lines (order_id, sku, position, title, quantity, unit_price, line_total)
                    VALUES (:id, :sku, :position, 'Rec', 1, 10, 10)""")
                    .param("id", id).param("sku", products[i].sku()).param("position", i).update();
        }
    }

    private void rebuild() {
        var started = api.post("/api/admin/recommendations/rebuild", "", admin);
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        String job = started.json().get("jobId").asString();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String status;
        do {
            assertThat(System.nanoTime()).as("rebuild finishes within a minute").isLessThan(deadline);
            sleep();
            var progress = api.get("/api/admin/jobs/" + job, admin);
            status = progress.json().get("status").asString();
            if (!status.equals("running")) {
                assertThat(status).as(progress.toString()).isEqualTo("completed");
                assertThat(progress.json().get("processed").asLong()).isEqualTo(progress.json().get("total").asLong());
            }
        } while (status.equals("running"));
    }

    private List<String> recommended(Made product) {
        var response = api.get("/api/products/" + product.id() + "/recommendations", null);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        response.json().get("items").forEach(item -> ids.add(item.get("id").asString()));
        return ids;
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
