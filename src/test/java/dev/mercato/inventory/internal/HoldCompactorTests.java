package dev.mercato.inventory.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.mercato.support.ApiTest;
import dev.mercato.support.Concurrently;
import dev.mercato.support.Invariants;
import dev.mercato.support.Shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Merging an owner's hold rows ({@link HoldCompactor}) on real PostgreSQL: the units held per SKU,
 * warehouse and owner, and {@code stock.reserved}, are the same after it; holds past their expiry are
 * left to the sweeper; and run again and again while the same owners reserve, release and commit
 * holds to orders, nothing is lost or counted twice.
 */
class HoldCompactorTests extends ApiTest {

    @Autowired
    Reservations reservations;
    @Autowired
    HoldCompactor compactor;
    @Autowired
    Clock clock;

    @Test
    void anOwnersRowsOfOneSkuAndWarehouseBecomeOneWithTheSameUnits() {
        Shop shop = new Shop(api, adminToken());
        String sku = shop.productWithStock("1.00", 100, 100);
        String owner = "compact:" + UUID.randomUUID();
        String other = "compact:" + UUID.randomUUID();
        Instant now = clock.instant();
        for (int i = 0; i < 10; i++) {
            reservations.reserve(owner, sku, 1 + i % 2, now.plus(Duration.ofMinutes(20 + i)));
        }
        reservations.reserve(owner, sku, 95, now.plus(Duration.ofMinutes(5))); // 85 from the first warehouse, 10 from the second
        reservations.reserve(other, sku, 2, now.plus(Duration.ofMinutes(5)));
        reservations.reserve(other, sku, 1, now.minus(Duration.ofMinutes(1))); // expired, not yet swept
        reservations.reserve(other, sku, 1, now.plus(Duration.ofMinutes(5)));

        assertThat(compactor.compact(List.of(owner, other))).as("rows merged away").isEqualTo(10 + 1);

        assertThat(rows(owner, sku)).as("one row per warehouse").isEqualTo(2);
        assertThat(units(owner, sku)).isEqualTo(15 + 95);
        assertThat(Duration.between(now.plus(Duration.ofMinutes(29)), latestExpiry(owner, sku)).abs()).as("the latest expiry")
                .isLessThan(Duration.ofMillis(1)); // stored to the microsecond, rounded
        assertThat(rows(other, sku)).as("the two live rows merged, the expired one left to the sweeper").isEqualTo(2);
        assertThat(units(other, sku)).isEqualTo(4);
        assertThat(compactor.compact(List.of(owner, other))).as("nothing left to merge").isZero();
        new Invariants(jdbc).holdFor(List.of(sku));
        assertThat(reservations.release(owner, sku, 110, "release")).isEqualTo(110);
        new Invariants(jdbc).holdFor(List.of(sku));
    }

    @Test
    void mergingWhileTheOwnersReserveReleaseAndCommitLosesNothing() throws Exception {
        Shop shop = new Shop(api, adminToken());
        String sku = shop.productWithStock("1.00", 5_000, 5_000);
        List<String> owners = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            owners.add("compact-mix:" + UUID.randomUUID());
        }
        Map<UUID, Integer> committed = new ConcurrentHashMap<>();
        AtomicInteger merges = new AtomicInteger();
        Instant expiry = clock.instant().plus(Duration.ofMinutes(30));
        Concurrently.run(12, client -> () -> {
            for (int round = 0; round < 40; round++) {
                String owner = owners.get((client + round) % owners.size());
                int pick = ThreadLocalRandom.current().nextInt(10);
                if (client < 2) {
                    merges.addAndGet(compactor.compact(owners));
                } else if (pick < 7) {
                    reservations.reserve(owner, sku, 1 + pick % 3, expiry);
                } else if (pick < 9) {
                    reservations.release(owner, sku, 2, "release");
                } else {
                    UUID order = UUID.randomUUID();
                    reservations.commitToOrder(owner, Map.of(sku, 3), order, expiry); // tops up or gives back to exactly 3
                    committed.put(order, 3);
                }
            }
            return null;
        });
        merges.addAndGet(compactor.compact(owners));
        assertThat(merges.get()).as("the compactor merged rows while the others worked").isPositive();
        committed.forEach((order, units) -> assertThat(jdbc.sql("SELECT coalesce(sum(quantity), 0)::int FROM holds WHERE order_id = :order")
                .param("order", order).query(Integer.class).single()).as("units committed to " + order).isEqualTo(units));
        new Invariants(jdbc).holdFor(List.of(sku));
    }

    @Test
    void theHoldBatchOffersAnOwnerWithManyRows() {
        Shop shop = new Shop(api, adminToken());
        String sku = shop.productWithStock("1.00", 100);
        String guest = shop.guest();
        for (int i = 0; i < HoldCompactor.ROWS_TO_COMPACT + 1; i++) {
            assertThat(shop.add(guest, sku, 1).status()).isEqualTo(200);
        }
        String owner = jdbc.sql("SELECT owner FROM holds WHERE sku = :sku AND state = 'active' LIMIT 1").param("sku", sku)
                .query(String.class).single();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(rows(owner, sku)).isLessThan(HoldCompactor.ROWS_TO_COMPACT));
        assertThat(units(owner, sku)).isEqualTo(HoldCompactor.ROWS_TO_COMPACT + 1);
        assertThat(api.get("/api/cart", guest).json().get("items").get(0).get("heldQuantity").asInt())
                .isEqualTo(HoldCompactor.ROWS_TO_COMPACT + 1);
        new Invariants(jdbc).holdFor(List.of(sku));
    }

    private long rows(String owner, String sku) {
        return jdbc.sql("SELECT count(*) FROM holds WHERE owner = :owner AND sku = :sku AND state = 'active'")
                .param("owner", owner).param("sku", sku).query(Long.class).single();
    }

    private long units(String owner, String sku) {
        return jdbc.sql("SELECT coalesce(sum(quantity), 0) FROM holds WHERE owner = :owner AND sku = :sku AND state = 'active'")
                .param("owner", owner).param("sku", sku).query(Long.class).single();
    }

    private Instant latestExpiry(String owner, String sku) {
        return jdbc.sql("SELECT max(expires_at) FROM holds WHERE owner = :owner AND sku = :sku AND state = 'active'")
                .param("owner", owner).param("sku", sku).query(java.sql.Timestamp.class).single().toInstant();
    }
}
