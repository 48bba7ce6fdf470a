package dev.mercato.platform.database;

import static dev.mercato.support.Products.product;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mercato.platform.cache.Caches;
import dev.mercato.search.SearchQuery;
import dev.mercato.search.postgres.PostgresFullTextSearch;
import dev.mercato.support.ApiTest;
import dev.mercato.support.Prometheus;

/**
 * Mercato against a real primary and a real hot standby streaming from it (two PostgreSQL servers
 * started here, {@link StreamingReplication}). Which server answered is told by what it knows: with
 * replay paused on the standby, a product created through the API exists only on the primary, so a
 * read that misses it was served by the replica and one that finds it by the primary.
 *
 * <p>The replica's lag is measured against Mercato's clock, which this test moves (an offset on the
 * system clock), and the lag check runs when the test calls it (the schedule is set to an hour), so
 * nothing here waits for time to pass. The order of the tests is the life of one replica: caught
 * up, paused and lagging, caught up again, gone. The context is closed after the class, and the
 * servers with it.
 */
@Import(ReplicaReadsTests.MovableClockConfiguration.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicaReadsTests extends ApiTest {

    private static final Duration MAX_LAG = Duration.ofSeconds(20);
    private static StreamingReplication servers;
    static final AtomicReference<Duration> clockOffset = new AtomicReference<>(Duration.ZERO);

    @DynamicPropertySource
    static void databases(DynamicPropertyRegistry registry) throws Exception {
        servers = new StreamingReplication();
        registry.add("spring.datasource.url", servers::primaryUrl);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("mercato.datasource.replica.url", servers::replicaUrl);
        registry.add("mercato.datasource.replica.max-lag", MAX_LAG::toString);
        registry.add("mercato.datasource.replica.check-every", () -> "1h");
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class MovableClockConfiguration {

        /** The two servers go down with the context, after every pool on them has closed. */
        @Bean(destroyMethod = "close")
        StreamingReplication replicationServers() {
            return servers;
        }

        @Bean
        static BeanFactoryPostProcessor poolsCloseBeforeTheirServers() {
            return factory -> {
                for (String pool : List.of("dataSource", "replicaDatabase", "batchDatabase")) {
                    if (factory.containsBeanDefinition(pool)) {
                        factory.getBeanDefinition(pool).setDependsOn("replicationServers");
                    }
                }
            };
        }

        @Bean
        @Primary
        Clock movableClock() {
            return new Clock() {
                @Override
                public ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return Instant.now().plus(clockOffset.get());
                }
            };
        }
    }

    @Autowired
    ReplicaDatabase replica;

    @Autowired
    PostgresFullTextSearch fullText;

    @Autowired
    Caches caches;

    private String admin;
    private Prometheus prometheus;

    @BeforeEach
    void connectAdmin() {
        admin = adminToken();
        prometheus = new Prometheus(api);
        // reads kept by the cache never come from the replica (see below): bypassed, every read here reaches
        // a database, so the test sees which one answered it
        caches.bypass(true);
    }

    @AfterEach
    void useTheCacheAgain() {
        caches.bypass(false);
    }

    @Test
    @Order(1)
    void browseAndTheSearchFallbackAreServedByACaughtUpReplica() throws Exception {
        String brand = unique("Replicated");
        createProduct(brand);
        servers.awaitReplayed();
        servers.awaitVisibleOnReplica(brandsProducts(brand));
        replica.check();
        assertThat(replica.state()).isEqualTo(ReplicaDatabase.State.USABLE);
        double before = replicaReads("replica");

        assertThat(browse(brand)).hasSize(1);
        assertThat(fullText.search(SearchQuery.text("").withBrands(List.of(brand))).items()).hasSize(1);

        assertThat(replicaReads("replica") - before).isEqualTo(2);
        assertThat(prometheus.value("database_replica_lag_seconds")).isLessThan(MAX_LAG.toSeconds());
    }

    @Test
    @Order(2)
    void aReplicaBehindButWithinTheLimitStillAnswersWhileOwnWritesAreReadOnThePrimary() throws Exception {
        servers.onReplica("SELECT pg_wal_replay_pause()");
        String brand = unique("Paused");
        String sku = createProduct(brand);
        replica.check();
        assertThat(replica.state()).isEqualTo(ReplicaDatabase.State.USABLE);

        // served by the replica, which has not replayed the product yet
        assertThat(browse(brand)).isEmpty();
        assertThat(fullText.search(SearchQuery.text("").withBrands(List.of(brand))).items()).isEmpty();

        // the admin's sales reports too: a rollup row written on the primary is not on the paused replica yet
        jdbc.sql("INSERT INTO sales_daily (bucket, currency, orders, units, revenue) VALUES (date_trunc('day', now()), 'XTS', 1, 2, 10.00)")
                .update();
        double beforeReports = replicaReads("replica");
        assertThat(salesIn("XTS")).as("sales served by the replica").isEmpty();
        var top = api.get("/api/admin/analytics/top-products", admin);
        assertThat(top.status()).as(top.toString()).isEqualTo(200);
        assertThat(replicaReads("replica") - beforeReports).as("both reports read the replica").isEqualTo(2);

        // a list page the cache will keep is loaded from the primary: a replica's page could be older than
        // the product event that emptied the cache, and would be served until the next one
        caches.bypass(false);
        double onReplica = replicaReads("replica");
        assertThat(browse(brand)).as("kept page, from the primary").hasSize(1);
        assertThat(replicaReads("replica") - onReplica).isZero();
        caches.bypass(true);

        // the shopper's own cart and the admin's product page are primary reads: they see the writes
        String shopper = customerToken();
        var added = api.post("/api/cart/items", Map.of("sku", sku, "quantity", 1), shopper);
        assertThat(added.status()).as(added.toString()).isEqualTo(200);
        var cart = api.get("/api/cart", shopper);
        assertThat(cart.body()).contains(sku);
    }

    @Test
    @Order(3)
    void readsGoToThePrimaryOnceTheReplicaLagsPastTheLimitAndBackWhenItCatchesUp() throws Exception {
        String brand = unique("Lagging");
        createProduct(brand); // replay is still paused (previous test)
        replica.check();
        double lagging = fallbacks("lagging");
        double onReplica = replicaReads("replica");

        clockOffset.set(clockOffset.get().plus(MAX_LAG).plusSeconds(5));
        assertThat(replica.state()).isEqualTo(ReplicaDatabase.State.LAGGING);
        assertThat(prometheus.value("database_replica_lag_seconds")).isGreaterThan(MAX_LAG.toSeconds());

        assertThat(browse(brand)).as("served by the primary").hasSize(1);
        assertThat(fullText.search(SearchQuery.text("").withBrands(List.of(brand))).items()).hasSize(1);
        assertThat(fallbacks("lagging") - lagging).isEqualTo(2);

        servers.onReplica("SELECT pg_wal_replay_resume()");
        servers.awaitReplayed();
        servers.awaitVisibleOnReplica(brandsProducts(brand));
        replica.check();
        assertThat(replica.state()).isEqualTo(ReplicaDatabase.State.USABLE);
        assertThat(browse(brand)).as("served by the caught-up replica").hasSize(1);
        assertThat(salesIn("XTS")).as("the rollup row written while replay was paused, from the caught-up replica").hasSize(1);
        assertThat(replicaReads("replica") - onReplica).isEqualTo(2);
        assertThat(prometheus.value("database_replica_lag_seconds")).isLessThan(MAX_LAG.toSeconds());
    }

    @Test
    @Order(4)
    void whenTheReplicaGoesAwayReadsFallBackToThePrimaryAndKeepAnswering() throws Exception {
        String brand = unique("Orphaned");
        createProduct(brand);
        servers.awaitReplayed();
        replica.check();
        assertThat(replica.state()).isEqualTo(ReplicaDatabase.State.USABLE);
        double unreachable = fallbacks("unreachable");

        servers.stopReplica();

        // the first read finds it gone and is answered by the primary; it marks the replica unreachable
        assertThat(browse(brand)).hasSize(1);
        assertThat(replica.state()).isEqualTo(ReplicaDatabase.State.UNREACHABLE);
        long started = System.nanoTime();
        assertThat(browse(brand)).hasSize(1);
        assertThat(fullText.search(SearchQuery.text("").withBrands(List.of(brand))).items()).hasSize(1);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("later reads do not wait for the replica")
                .isLessThan(Duration.ofMillis(900));
        assertThat(fallbacks("unreachable") - unreachable).isEqualTo(3);

        replica.check();
        assertThat(replica.state()).isEqualTo(ReplicaDatabase.State.UNREACHABLE);
        assertThat(api.get("/actuator/health/readiness", null).status()).as("the primary alone serves").isEqualTo(200);
    }

    private String createProduct(String brand) {
        String sku = "REP-" + java.util.UUID.randomUUID().toString().substring(0, 10);
        var created = api.post("/api/admin/products", product("Replica lamp " + sku, brand, "test/replica", sku, "19.90"), admin);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        api.post("/api/admin/warehouses", Map.of("code", "replica-wh", "name", "Replica", "priority", 0), admin); // 409 once it exists
        var stocked = api.put("/api/admin/stock/" + sku + "/replica-wh", Map.of("quantity", 5), admin);
        assertThat(stocked.status()).as(stocked.toString()).isEqualTo(200);
        return sku;
    }

    private static String brandsProducts(String brand) {
        return "SELECT count(*) FROM products p JOIN brands b ON b.id = p.brand_id WHERE b.name = '" + brand + "'";
    }

    private List<String> browse(String brand) {
        var page = api.get("/api/products?brand=" + brand + "&limit=10", null);
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        return page.json().get("items").valueStream().map(item -> item.get("id").asString()).toList();
    }

    /** The buckets of the daily sales report (last 30 days) in {@code currency}. */
    private List<String> salesIn(String currency) {
        var sales = api.get("/api/admin/analytics/sales?granularity=day", admin);
        assertThat(sales.status()).as(sales.toString()).isEqualTo(200);
        return sales.json().get("points").valueStream().filter(point -> point.get("currency").asString().equals(currency))
                .map(point -> point.get("at").asString()).toList();
    }

    private double replicaReads(String target) {
        return series("database_replica_reads_total", "target=\"" + target + "\"");
    }

    private double fallbacks(String reason) {
        return series("database_replica_fallbacks_total", "reason=\"" + reason + "\"");
    }

    private double series(String metric, String label) {
        return prometheus.scrape().lines().filter(line -> line.startsWith(metric + "{") && line.contains(label))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
