package dev.mercato.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
import dev.mercato.platform.web.Cursors;
import dev.mercato.support.Api;
import dev.mercato.support.EmbeddedRedis;
import dev.mercato.support.Shop;

import static dev.mercato.support.Products.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two application nodes on one database and one real Redis (started here), as behind a load
 * balancer: what an admin changes on one node shows on the very next read on either, and a Redis
 * outage costs reads their cache, never an answer.
 */
class SharedCacheTests {

    /**
     * How long an invalidation may take to reach the other node over Redis pub/sub (it is asynchronous).
     * The waits end as soon as it has arrived, in milliseconds here; the bound only matters on a machine
     * so loaded that the other node's listener thread is not scheduled for seconds, and it still fails
     * a message that never comes.
     */
    static final Duration ACROSS_NODES = Duration.ofSeconds(5);


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

        org.assertj.core.api.ThrowingConsumer<Api> showsTheNewPrice = node -> {
            var next = node.get("/api/products/" + id, null);
            assertThat(next.json().get("variants").get(0).get("price").asString()).isEqualTo("12.50");
            assertThat(next.header("ETag")).isEqualTo(changed.header("ETag")).isNotEqualTo(seenOnOne.header("ETag"));
            assertThat(node.get("/api/products/" + id, null, "If-None-Match", seenOnOne.header("ETag")).status()).isEqualTo(200);
            var bySlug = node.get("/api/products/" + next.json().get("slug").asString(), null);
            assertThat(bySlug.json().get("variants").get(0).get("price").asString()).isEqualTo("12.50");
        };
        showsTheNewPrice.accept(nodeOne);
        // node two had the page in its own memory: it drops it when the invalidation arrives over Redis pub/sub
        await().atMost(ACROSS_NODES).untilAsserted(() -> showsTheNewPrice.accept(nodeTwo));
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
        // node two hears of it by Redis pub/sub: as soon as the message arrives, not before
        await().atMost(ACROSS_NODES).untilAsserted(() -> assertThat(new Shop(nodeTwo, admin).available(sku)).isEqualTo(1));

        assertThat(shop.add(guest, sku, 1).status()).isEqualTo(200);
        assertThat(shop.available(sku)).as("sold out").isZero();
        assertThat(nodeOne.get("/api/products/" + id, null).json().get("variants").get(0).get("available").asLong()).isZero();
        await().atMost(ACROSS_NODES).untilAsserted(() -> {
            assertThat(new Shop(nodeTwo, admin).available(sku)).as("sold out").isZero();
            assertThat(nodeTwo.get("/api/products/" + id, null).json().get("variants").get(0).get("available").asLong()).isZero();
        });
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

    /**
     * A list page (category browse, and a keyset page from a cursor) is cached per node; a price
     * changed through the admin API on node one shows on the very next list read on both nodes and
     * gives a new ETag, and the old ETag no longer gets 304.
     */
    @Test
    void aPriceChangedOnOneNodeShowsOnTheNextListReadOnBoth() {
        String category = "test/list-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String sku = listedProduct(category, "20.00", 4);
        String id = productOf(sku);
        List<String> lists = List.of("/api/products?limit=20&category=" + category,
                "/api/products?limit=5&cursor=" + Cursors.encode(Long.toString(Long.parseLong(id) - 1)));
        Map<String, String> before = new java.util.HashMap<>();
        for (String list : lists) {
            for (Api node : new Api[] {nodeOne, nodeTwo}) {
                var page = node.get(list, null);
                assertThat(page.status()).as(page.toString()).isEqualTo(200);
                assertThat(summary(page, id).get("price").asString()).isEqualTo("20.00");
                assertThat(summary(page, id).get("inStock").asBoolean()).isTrue();
                assertThat(node.get(list, null, "If-None-Match", page.header("ETag")).status()).isEqualTo(304);
                before.put(list, page.header("ETag"));
            }
        }

        var changed = nodeOne.put("/api/admin/products/" + id, product("Listed " + sku, "Lister", category, sku, "17.25"), admin);
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);

        org.assertj.core.api.ThrowingConsumer<Api> listsTheNewPrice = node -> {
            for (String list : lists) {
                var next = node.get(list, null);
                assertThat(summary(next, id).get("price").asString()).as(list).isEqualTo("17.25");
                assertThat(next.header("ETag")).isNotEqualTo(before.get(list));
                assertThat(node.get(list, null, "If-None-Match", before.get(list)).status()).isEqualTo(200);
            }
        };
        listsTheNewPrice.accept(nodeOne);
        // node two as soon as the invalidation reaches it over Redis pub/sub
        await().atMost(ACROSS_NODES).untilAsserted(() -> listsTheNewPrice.accept(nodeTwo));
    }

    @Test
    void stockSoldOutOnOneNodeShowsInInStockOnTheNextListReadOnBoth() {
        String category = "test/list-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String sku = listedProduct(category, "5.00", 1);
        String id = productOf(sku);
        String list = "/api/products?category=" + category;
        var seen = nodeTwo.get(list, null);
        assertThat(summary(seen, id).get("inStock").asBoolean()).isTrue();
        assertThat(summary(nodeOne.get(list, null), id).get("inStock").asBoolean()).isTrue();

        Shop shop = new Shop(nodeOne, admin);
        assertThat(shop.add(shop.guest(), sku, 1).status()).isEqualTo(200);

        org.assertj.core.api.ThrowingConsumer<Api> soldOut = node -> {
            var next = node.get(list, null);
            assertThat(summary(next, id).get("inStock").asBoolean()).as("sold out").isFalse();
            assertThat(node.get(list, null, "If-None-Match", seen.header("ETag")).status()).isEqualTo(200);
        };
        soldOut.accept(nodeOne);
        // node two as soon as the invalidation reaches it over Redis pub/sub
        await().atMost(ACROSS_NODES).untilAsserted(() -> soldOut.accept(nodeTwo));
    }

    /** As for product pages: the row changed behind the catalog's back, and the cached list still answers 304 and its old body. */
    @Test
    void aCachedListAnswersIfNoneMatchWithoutTheDatabase() {
        String category = "test/list-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String sku = listedProduct(category, "6.00", 2);
        String id = productOf(sku);
        String list = "/api/products?category=" + category;
        var first = nodeOne.get(list, null);
        one.getBean(JdbcClient.class).sql("UPDATE products SET title = 'changed behind the cache' WHERE id = :id")
                .param("id", Long.parseLong(id)).update();

        assertThat(nodeOne.get(list, null, "If-None-Match", first.header("ETag")).status()).isEqualTo(304);
        assertThat(summary(nodeOne.get(list, null), id).get("title").asString()).isEqualTo("Listed " + sku);
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

    /** A product in a category of its own with {@code units} in stock, so its list pages hold it alone. */
    private static String listedProduct(String category, String price, long units) {
        String sku = "SKU-" + java.util.UUID.randomUUID().toString().substring(0, 12);
        var created = nodeOne.post("/api/admin/products", product("Listed " + sku, "Lister", category, sku, price), admin);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        nodeOne.post("/api/admin/warehouses", Map.of("code", "wh-list", "name", "List warehouse", "priority", 0), admin);
        assertThat(nodeOne.put("/api/admin/stock/" + sku + "/wh-list", Map.of("quantity", units), admin).status()).isEqualTo(200);
        return sku;
    }

    private static tools.jackson.databind.JsonNode summary(Api.Response page, String id) {
        for (var item : page.json().get("items")) {
            if (item.get("id").asString().equals(id)) {
                return item;
            }
        }
        throw new AssertionError("product " + id + " not on the page: " + page);
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
