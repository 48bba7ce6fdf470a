package dev.mercato.inventory.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import dev.mercato.support.ApiTest;
import dev.mercato.support.Invariants;
import dev.mercato.support.Shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The expiry sweep against a transaction that releases an owner's holds SKU by SKU (what a declined
 * order does when it hands its surplus back to the cart), on real PostgreSQL, in the one interleaving
 * that used to deadlock: the releaser holds the first SKU's stock row, the sweep has locked an expired
 * hold of the releaser's second SKU and waits for that stock row, and the releaser then asks for the hold.
 * PostgreSQL chose the sweep as the victim under {@code ConcurrentCheckoutTests}' random mix.
 */
class SweeperLockOrderTests extends ApiTest {

    @Autowired
    Reservations reservations;
    @Autowired
    HoldRows holds;
    @Autowired
    InventoryMetrics metrics;
    @Autowired
    InventorySettings settings;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    Clock clock;

    @Test
    void aSweepSkipsTheHoldsOfAnOwnerWhoseHoldsAreBeingReleasedInsteadOfDeadlockingWithIt() throws Exception {
        Shop shop = new Shop(api, adminToken());
        List<String> skus = Stream.of(shop.productWithStock("1.00", 10), shop.productWithStock("1.00", 10)).sorted().toList();
        String first = skus.get(0);
        String second = skus.get(1);
        String releaser = "sweep-order:" + UUID.randomUUID();
        String other = "sweep-order:" + UUID.randomUUID();
        Instant now = clock.instant();
        // the sweep below runs an hour ahead: holds due in ten minutes are expired to it, none to the scheduled one
        reserve(releaser, first, now.plus(Duration.ofHours(2)));
        reserve(releaser, second, now.plus(Duration.ofMinutes(10)));
        reserve(other, first, now.plus(Duration.ofMinutes(10)));
        HoldSweeper sweeper = new HoldSweeper(holds, reservations, metrics, transactions, settings, Clock.offset(clock, Duration.ofHours(1)));

        CountDownLatch firstReleased = new CountDownLatch(1);
        CountDownLatch sweepWaiting = new CountDownLatch(1);
        // threads of their own: the common pool may have a single worker, which the releaser would block
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        CompletableFuture<Integer> releasing = CompletableFuture.supplyAsync(() -> transactions.execute(tx -> {
            int released = reservations.release(releaser, first, 1, "release");
            firstReleased.countDown();
            awaitLatch(sweepWaiting);
            return released + reservations.release(releaser, second, 1, "release");
        }), threads);
        assertThat(firstReleased.await(30, TimeUnit.SECONDS)).as("the first SKU released, its stock row held").isTrue();
        CompletableFuture<Integer> sweeping = CompletableFuture.supplyAsync(sweeper::sweep, threads);
        await().atMost(Duration.ofSeconds(30)).until(() -> sweeping.isDone() || waitingForStockRow());
        sweepWaiting.countDown();

        assertThat(releasing.get(30, TimeUnit.SECONDS)).as("units the releaser released").isEqualTo(2);
        assertThat(sweeping.get(30, TimeUnit.SECONDS)).as("holds the sweep expired").isPositive();
        assertThat(state(other, first)).isEqualTo("expired");
        assertThat(state(releaser, second)).as("the releaser's hold, skipped by the sweep").isEqualTo("released");
        threads.shutdown();
        new Invariants(jdbc).holdFor(skus);
        assertThat(jdbc.sql("SELECT coalesce(sum(reserved), 0) FROM stock WHERE sku = ANY (:skus)")
                .param("skus", skus.toArray(String[]::new)).query(Long.class).single()).isZero();
    }

    private void reserve(String owner, String sku, Instant expiresAt) {
        transactions.executeWithoutResult(tx -> reservations.reserve(owner, sku, 1, expiresAt));
    }

    private boolean waitingForStockRow() {
        return jdbc.sql("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'SELECT 1 FROM stock%'")
                .query(Long.class).single() > 0;
    }

    private String state(String owner, String sku) {
        return jdbc.sql("SELECT string_agg(state, ',') FROM holds WHERE owner = :owner AND sku = :sku")
                .param("owner", owner).param("sku", sku).query(String.class).single();
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the sweep never came");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
