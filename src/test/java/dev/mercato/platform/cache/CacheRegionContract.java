package dev.mercato.platform.cache;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every tier arrangement of {@link Caches} promises; run by one subclass per arrangement. */
abstract class CacheRegionContract {

    protected final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<TwoTierCaches> started = new java.util.ArrayList<>();

    /** The Redis URL nodes share, or null for in-process only. */
    protected abstract String redisUrl();

    protected TwoTierCaches node() {
        TwoTierCaches caches = new TwoTierCaches(new CacheSettings(true, Duration.ofSeconds(90), 1000,
                new CacheSettings.Redis(redisUrl(), Duration.ofMillis(500), Duration.ofSeconds(2))), meters);
        started.add(caches);
        return caches;
    }

    protected static String uniqueRegion() {
        return "test-" + UUID.randomUUID();
    }

    @AfterEach
    void stopNodes() {
        started.forEach(TwoTierCaches::destroy);
    }

    @Test
    void answersTheLoadersValueAndKeepsIt() {
        CacheRegion<String> region = node().region(uniqueRegion(), String.class);
        AtomicInteger loads = new AtomicInteger();
        assertThat(region.get("a", key -> "value of " + key + " #" + loads.incrementAndGet())).isEqualTo("value of a #1");
        assertThat(region.get("a", key -> "value of " + key + " #" + loads.incrementAndGet())).isEqualTo("value of a #1");
        assertThat(loads).hasValue(1);
    }

    @Test
    void cachesNothingWhenTheLoaderFindsNothing() {
        CacheRegion<String> region = node().region(uniqueRegion(), String.class);
        AtomicInteger loads = new AtomicInteger();
        assertThat(region.get("gone", key -> {
            loads.incrementAndGet();
            return null;
        })).isNull();
        assertThat(region.get("gone", key -> "back")).isEqualTo("back");
        assertThat(loads).hasValue(1);
    }

    @Test
    void aFailingLoaderPropagatesAndLeavesNothingBehind() {
        CacheRegion<String> region = node().region(uniqueRegion(), String.class);
        assertThatThrownBy(() -> region.get("k", key -> {
            throw new IllegalStateException("database down");
        })).hasMessageContaining("database down");
        assertThat(region.get("k", key -> "loaded")).isEqualTo("loaded");
    }

    @Test
    void peekAnswersOnlyWhatThisProcessHoldsAndNothingWhileBypassed() {
        TwoTierCaches caches = node();
        CacheRegion<String> region = caches.region(uniqueRegion(), String.class);
        assertThat(region.peek("k")).isNull();
        region.get("k", key -> "kept");
        assertThat(region.peek("k")).isEqualTo("kept");
        caches.bypass(true);
        assertThat(region.peek("k")).as("bypassed: a get would go to the loader, so a peek must not answer").isNull();
        caches.bypass(false);
        region.invalidate("k");
        assertThat(region.peek("k")).isNull();
        assertThat(region.get("k", key -> "new")).isEqualTo("new");
    }

    @Test
    void invalidateMakesTheNextReadLoadAgain() {
        CacheRegion<String> region = node().region(uniqueRegion(), String.class);
        region.get("k", key -> "old");
        region.invalidate("k");
        assertThat(region.get("k", key -> "new")).isEqualTo("new");
    }

    @Test
    void invalidateAllDropsEveryKey() {
        CacheRegion<String> region = node().region(uniqueRegion(), String.class);
        region.get("a", key -> "old a");
        region.get("b", key -> "old b");
        region.invalidateAll();
        assertThat(region.get("a", key -> "new a")).isEqualTo("new a");
        assertThat(region.get("b", key -> "new b")).isEqualTo("new b");
    }

    @Test
    void getAllLoadsOnlyTheMissingKeysInOneCall() {
        CacheRegion<Long> region = node().region(uniqueRegion(), Long.class);
        region.get("a", key -> 1L);
        List<java.util.Collection<String>> calls = new java.util.ArrayList<>();
        Map<String, Long> found = region.getAll(List.of("a", "b", "c"), missing -> {
            calls.add(List.copyOf(missing));
            return Map.of("b", 2L); // c does not exist
        });
        assertThat(found).containsExactlyInAnyOrderEntriesOf(Map.of("a", 1L, "b", 2L));
        assertThat(calls).hasSize(1);
        assertThat(calls.getFirst()).containsExactlyInAnyOrder("b", "c");
        assertThat(region.getAll(List.of("a", "b"), missing -> Map.of())).containsExactlyInAnyOrderEntriesOf(Map.of("a", 1L, "b", 2L));
    }

    /** A bulk reader that read the rows before a commit, and stores after its invalidation, must not keep what it read. */
    @Test
    void aBulkLoadThatRacedAnInvalidationIsNotKept() {
        CacheRegion<Long> region = node().region(uniqueRegion(), Long.class);
        assertThat(region.getAll(List.of("a"), missing -> {
            region.invalidate("a"); // the writer commits and invalidates while the bulk read is out
            return Map.of("a", 1L);
        })).containsEntry("a", 1L);
        assertThat(region.getAll(List.of("a"), missing -> Map.of("a", 2L))).containsEntry("a", 2L);
    }

    @Test
    void whileBypassedReadsGoToTheLoaderAndTurningBackServesNothingOlderThanTheLastInvalidation() {
        TwoTierCaches caches = node();
        CacheRegion<String> region = caches.region(uniqueRegion(), String.class);
        region.get("k", key -> "cached");
        caches.bypass(true);
        assertThat(region.get("k", key -> "from the database")).isEqualTo("from the database");
        assertThat(region.getAll(List.of("k"), missing -> Map.of("k", "bulk from the database"))).containsEntry("k", "bulk from the database");
        region.invalidate("k");
        caches.bypass(false);
        assertThat(region.get("k", key -> "after")).isEqualTo("after");
    }

    @Test
    void keepsRecordsAsTheyWere() {
        CacheRegion<Entry> region = node().region(uniqueRegion(), Entry.class);
        Entry entry = new Entry("x", new java.math.BigDecimal("19.90"), List.of("a", "b"));
        region.get("k", key -> entry);
        assertThat(region.get("k", key -> null)).isEqualTo(entry);
    }

    record Entry(String name, java.math.BigDecimal price, List<String> tags) {
    }

    /**
     * 200 readers of one cold key, split over two nodes when they share Redis: one load. The loader is
     * held until every reader has asked, so a missing single flight would show as more loads.
     */
    @Test
    void twoHundredConcurrentReadsOfAColdKeyRunTheLoaderOnce() throws Exception {
        String name = uniqueRegion();
        List<CacheRegion<String>> nodes = redisUrl() == null ? List.of(node().region(name, String.class))
                : List.of(node().region(name, String.class), node().region(name, String.class));
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch asked = new CountDownLatch(200);
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                CacheRegion<String> region = nodes.get(i % nodes.size());
                answers.add(readers.submit(() -> {
                    asked.countDown();
                    return region.get("cold", key -> {
                        loads.incrementAndGet();
                        await(asked);
                        return "loaded once";
                    });
                }));
            }
            for (Future<String> answer : answers) {
                assertThat(answer.get()).isEqualTo("loaded once");
            }
        }
        assertThat(loads).hasValue(1);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
