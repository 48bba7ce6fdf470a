package dev.mercato.recommendations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import dev.mercato.support.ApiTest;

/**
 * How long the rebuild takes over a generated history: {@code mercato.bench.recommendation-orders}
 * paid orders of the last 90 days over 20,000 products with 1-4 products each, popularity skewed
 * (product rank ~ uniform^3, so a few best-sellers are in many baskets). Not part of the suite: run
 * with {@code -Dtest=RecommendationRebuildBenchmark -Dmercato.bench.recommendation-orders=1000000}.
 * Prints {@code recommendations rebuild orders=... seconds=... orders_per_s=...}.
 */
@EnabledIfSystemProperty(named = "mercato.bench.recommendation-orders", matches = "\\d+")
class RecommendationRebuildBenchmark extends ApiTest {

    private static final int PRODUCTS = 20_000;

    @Test
    void rebuildsOverAGeneratedHistory() {
        long orders = Long.getLong("mercato.bench.recommendation-orders");
        long generating = System.nanoTime();
        generate(orders);
        double generated = (System.nanoTime() - generating) / 1e9;
        String admin = adminToken();
        long started = System.nanoTime();
        var response = api.post("/api/admin/recommendations/rebuild", "", admin);
        assertThat(response.status()).isEqualTo(202);
        String job = response.json().get("jobId").asString();
        String status;
        long lastProcessed = -1;
        do {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            var progress = api.get("/api/admin/jobs/" + job, admin).json();
            status = progress.get("status").asString();
            long processed = progress.get("processed").asLong();
            if (processed != lastProcessed) {
                System.out.printf("recommendations rebuild progress processed=%d total=%d elapsed_s=%.1f%n", processed,
                        progress.get("total").asLong(), (System.nanoTime() - started) / 1e9);
                lastProcessed = processed;
            }
        } while (status.equals("running"));
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(status).isEqualTo("completed");
        long rows = jdbc.sql("SELECT count(*) FROM co_purchases").query(Long.class).single();
        System.out.printf("recommendations rebuild orders=%d products=%d co_purchase_rows=%d seconds=%.1f orders_per_s=%d generate_s=%.1f%n",
                orders, PRODUCTS, rows, seconds, Math.round(orders / seconds), generated);
        assertThat(Duration.ofMillis((long) (seconds * 1000))).isLessThan(Duration.ofMinutes(10));
    }

    private void generate(long orders) {
        long category = jdbc.sql("INSERT INTO categories (name, path, depth) VALUES ('Bench', 'bench-recs', 1) RETURNING id")
                .query(Long.class).single();
        long brand = jdbc.sql("INSERT INTO brands (name, slug) VALUES ('Bench', 'bench-recs') RETURNING id").query(Long.class).single();
        long warehouse = jdbc.sql("INSERT INTO warehouses (code, name) VALUES ('bench-recs', 'Bench') RETURNING id").query(Long.class).single();
        jdbc.sql("""
                INSERT INTO products (slug, title, brand_id, category_id)
                SELECT 'bench-rec-' || n, 'Bench ' || n, :brand, :category FROM generate_series(1, :products) AS n""")
                .param("brand", brand).param("category", category).param("products", PRODUCTS).update();
        jdbc.sql("""
                INSERT INTO product_variants (sku, product_id, position, title, price, currency)
                SELECT 'BENCH-REC-' || substr(slug, 11), id, 1, 'Bench', 10, 'USD' FROM products WHERE slug LIKE 'bench-rec-%'""")
                .update();
        jdbc.sql("INSERT INTO stock (sku, warehouse_id, quantity) SELECT sku, :w, 1000 FROM product_variants WHERE sku LIKE 'BENCH-REC-%'")
                .param("w", warehouse).update();
        jdbc.sql("""
                INSERT INTO orders (id, owner, status, currency, subtotal, total, shipping_address, payment_method, payment_token,
                                    hold_owner, created_at, updated_at)
                SELECT gen_random_uuid(), 'session:bench', 'paid', 'USD', 10, 10, '{}', 'card', 'tok_visa', 'session:bench',
                       now() - interval '89 days' * random(), now()
                FROM generate_series(1, :orders)""").param("orders", orders).update();
        jdbc.sql("""
                INSERT INTO order_lines (order_id, sku, position, title, quantity, unit_price, line_total)
                SELECT o.id, 'BENCH-REC-' || p.n, p.position, 'Bench', 1, 10, 10
                FROM orders o
                     CROSS JOIN LATERAL (SELECT DISTINCT ON (n) n, position
                                         FROM (SELECT 1 + floor(:products * power(random(), 3))::int AS n, g AS position
                                               FROM generate_series(1, 1 + (abs(hashtext(o.id::text)) % 4)) AS g) picks) p
                WHERE o.owner = 'session:bench'""").param("products", PRODUCTS).update();
        jdbc.sql("ANALYZE orders").update();
        jdbc.sql("ANALYZE order_lines").update();
    }
}
