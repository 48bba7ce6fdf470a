package dev.mercato.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.mercato.MercatoApplication;
import dev.mercato.support.Api;
import dev.mercato.support.EmbeddedRedis;
import dev.mercato.support.Shop;

import static dev.mercato.support.Products.product;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two application nodes on one database and one real Redis (started here), as behind a load
 * balancer: what an admin changes on one node shows on the very next read on either, and a Redis
 * outage costs reads their cache, never an answer.
 */
class SharedCacheTests {

    private static EmbeddedRedis redis;
    private static ConfigurableApplicationContext one;
    private static ConfigurableApplicationContext two;
    private static Api nodeOne;
    private static Api nodeTwo;
    private static String admin;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        redis = new EmbeddedRedis();
        Path data = Files.createTempDirectory(Path.of("target"), "shared-cache-postgres-");
        one = new SpringApplicationBuilder(MercatoApplication.class).profiles("test").run("--server.port=0",
                "--mercato.platform.embedded-postgres.data-directory=" + data, "--mercato.cache.redis.url=" + redis.url());
        HikariDataSource database = one.getBean(HikariDataSource.class);
        two = new SpringApplicationBuilder(MercatoApplication.class).profiles("test").run("--server.port=0",
                "--spring.datasource.url=" + database.getJdbcUrl(), "--spring.datasource.username=" + database.getUsername(),
                "--spring.datasource.password=" + (database.getPassword() == null ? "" : database.getPassword()),
                "--mercato.cache.redis.url=" + redis.url());
        nodeOne = new Api(port(one));
        nodeTwo = new Api(port(two));
        admin = nodeOne.post("/api/auth/login", Map.of("email", "admin@test.local", "password", "admin-secret-1"), null)
                .json().get("token").asString();
    }

    @AfterAll
    static void stopNodes() {
        if (two != null) {
            two.close();
        }
        if (one != null) {
            one.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void aPriceChangedOnOneNodeShowsOnTheNextReadOnBoth() {
        String sku = new Shop(nodeOne, admin).productWithStock("10.00", 5);
        String id = productOf(sku);
        var seenOnOne = nodeOne.get("/api/products/" + id, null);
        var seenOnTwo = nodeTwo.get("/api/products/" + id, null);
        assertThat(seenOnTwo.header("ETag")).isEqualTo(seenOnOne.header("ETag"));
        assertThat(nodeTwo.get("/api/products/" + id, null, "If-None-Match", seenOnTwo.header("ETag")).status()).isEqualTo(304);

        var changed = nodeOne.put("/api/admin/products/" + id, product("Stocked " + sku, "Stocky", "test/stocked", sku, "12.50"), admin);
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);

        for (Api node : new Api[] {nodeOne, nodeTwo}) {
            var next = node.get("/api/products/" + id, null);
            assertThat(next.json().get("variants").get(0).get("price").asString()).isEqualTo("12.50");
            assertThat(next.header("ETag")).isEqualTo(changed.header("ETag")).isNotEqualTo(seenOnOne.header("ETag"));
            assertThat(node.get("/api/products/" + id, null, "If-None-Match", seenOnOne.header("ETag")).status()).isEqualTo(200);
            var bySlug = node.get("/api/products/" + next.json().get("slug").asString(), null);
            assertThat(bySlug.json().get("variants").get(0).get("price").asString()).isEqualTo("12.50");
        }
    }

    @Test
    void stockSoldOnOneNodeShowsInAvailableOnTheNextReadOnBoth() {
        Shop shop = new Shop(nodeOne, admin);
        String sku = shop.productWithStock("3.00", 2);
        String id = productOf(sku);
        assertThat(new Shop(nodeTwo, admin).available(sku)).isEqualTo(2);
        assertThat(nodeTwo.get("/api/products/" + id, null).json().get("variants").get(0).get("available").asLong()).isEqualTo(2);

        String guest = shop.guest();
        assertThat(shop.add(guest, sku, 1).status()).isEqualTo(200);
        assertThat(shop.available(sku)).as("a grant that leaves stock publishes no event, and still shows").isEqualTo(1);
        assertThat(new Shop(nodeTwo, admin).available(sku)).isEqualTo(1);

        assertThat(shop.add(guest, sku, 1).status()).isEqualTo(200);
        for (Api node : new Api[] {nodeOne, nodeTwo}) {
            assertThat(new Shop(node, admin).available(sku)).as("sold out").isZero();
            assertThat(node.get("/api/products/" + id, null).json().get("variants").get(0).get("available").asLong()).isZero();
        }
    }

    /** The product row is changed behind the catalog's back (no event): a cached page still answering proves no query ran. */
    @Test
    void aCachedPageAnswersIfNoneMatchWithoutTheDatabase() {
        String sku = new Shop(nodeOne, admin).productWithStock("4.00", 1);
        String id = productOf(sku);
        var first = nodeOne.get("/api/products/" + id, null);
        one.getBean(JdbcClient.class).sql("UPDATE products SET title = 'changed behind the cache' WHERE id = :id")
                .param("id", Long.parseLong(id)).update();

        assertThat(nodeOne.get("/api/products/" + id, null, "If-None-Match", first.header("ETag")).status()).isEqualTo(304);
        assertThat(nodeOne.get("/api/products/" + id, null).json().get("title").asString()).isEqualTo("Stocked " + sku);
    }

    @Test
    void readsAnswerFromTheDatabaseWhileRedisIsDown() {
        String sku = new Shop(nodeOne, admin).productWithStock("7.00", 3);
        String id = productOf(sku);
        MeterRegistry meters = one.getBean(MeterRegistry.class);
        double errorsBefore = errors(meters);
        redis.stop();
        try {
            var cold = nodeOne.get("/api/products/" + id, null);
            assertThat(cold.status()).as(cold.toString()).isEqualTo(200);
            assertThat(nodeOne.get("/api/availability/" + sku, null).status()).isEqualTo(200);
            var changed = nodeOne.put("/api/admin/products/" + id, product("Stocked " + sku, "Stocky", "test/stocked", sku, "8.00"), admin);
            assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
            assertThat(nodeOne.get("/api/products/" + id, null).json().get("variants").get(0).get("price").asString()).isEqualTo("8.00");
            assertThat(errors(meters)).as("cache_errors_total moved").isGreaterThan(errorsBefore);
        } finally {
            redis.start();
        }
    }

    private static double errors(MeterRegistry meters) {
        return meters.find("cache.errors").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static String productOf(String sku) {
        return one.getBean(JdbcClient.class).sql("SELECT product_id::text FROM product_variants WHERE sku = :sku").param("sku", sku)
                .query(String.class).single();
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }
}
