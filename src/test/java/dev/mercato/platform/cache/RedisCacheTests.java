package dev.mercato.platform.cache;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.lettuce.core.RedisClient;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.mercato.support.EmbeddedRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The contract with Caffeine and a real Redis, plus what only a shared tier can do: other nodes and outages. */
class RedisCacheTests extends CacheRegionContract {

    private static EmbeddedRedis redis;

    @BeforeAll
    static void startRedis() {
        redis = new EmbeddedRedis();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Override
    protected String redisUrl() {
        return redis.url();
    }

    @Test
    void aNodeAnswersWhatAnotherNodeLoaded() {
        String name = uniqueRegion();
        node().region(name, String.class).get("k", key -> "from node one");
        assertThat(node().region(name, String.class).get("k", key -> "from node two")).isEqualTo("from node one");
    }

    @Test
    void anInvalidationOnOneNodeReachesTheOthers() {
        String name = uniqueRegion();
        CacheRegion<String> one = node().region(name, String.class);
        CacheRegion<String> two = node().region(name, String.class);
        one.get("k", key -> "old");
        assertThat(two.get("k", key -> "unused")).isEqualTo("old");
        one.invalidate("k");
        // node two's own copy goes when the message arrives
        await().atMost(Duration.ofSeconds(5)).until(() -> two.get("k", key -> "new").equals("new"));
        assertThat(one.get("k", key -> "newer")).isEqualTo("new");
    }

    @Test
    void aLoadThatReadBeforeAnInvalidationDoesNotPutItsValueBack() {
        String name = uniqueRegion();
        CacheRegion<String> one = node().region(name, String.class);
        CacheRegion<String> two = node().region(name, String.class);
        // node one reads the old row; the writer commits and invalidates (on node two) before node one stores
        one.get("k", key -> {
            two.invalidate("k");
            return "read before the commit";
        });
        assertThat(node().region(name, String.class).get("k", key -> "read after the commit")).isEqualTo("read after the commit");
    }

    @Test
    void aLoadThatReadBeforeAnInvalidateAllDoesNotPutItsValueBack() {
        String name = uniqueRegion();
        CacheRegion<String> one = node().region(name, String.class);
        CacheRegion<String> two = node().region(name, String.class);
        one.get("k", key -> {
            two.invalidateAll();
            return "read before the commit";
        });
        assertThat(node().region(name, String.class).get("k", key -> "read after the commit")).isEqualTo("read after the commit");
    }

    @Test
    void aBulkLoadThatReadBeforeAnInvalidationDoesNotPutItsValueBackInRedis() {
        String name = uniqueRegion();
        CacheRegion<Long> one = node().region(name, Long.class);
        CacheRegion<Long> two = node().region(name, Long.class);
        one.getAll(List.of("a", "b"), missing -> {
            two.invalidate("a");
            return Map.of("a", 1L, "b", 1L);
        });

        assertThat(node().region(name, Long.class).getAll(List.of("a", "b"),
                missing -> missing.stream().collect(java.util.stream.Collectors.toMap(k -> k, k -> 2L))))
                .as("a was invalidated during the load; b was not").containsExactlyInAnyOrderEntriesOf(Map.of("a", 2L, "b", 1L));
    }

    /**
     * Redis refuses writes for a moment (out of memory, as in a blip) while reads still work, so the
     * invalidation script fails but the stale copy stays in Redis: the writer's node must not read it
     * back, and the invalidation must reach Redis and the other node once Redis takes writes again.
     */
    @Test
    void anInvalidationThatFailedIsSentAgainAndTheNodeDoesNotReadTheStaleCopyMeanwhile() {
        String name = uniqueRegion();
        CacheRegion<String> one = node().region(name, String.class);
        CacheRegion<String> two = node().region(name, String.class);
        one.get("k", key -> "old");
        assertThat(two.get("k", key -> "unused")).isEqualTo("old");
        try (RedisClient admin = RedisClient.create(redis.url()); var connection = admin.connect()) {
            connection.sync().configSet("maxmemory", "1");
            try {
                one.invalidate("k");
                assertThat(meters.get("cache.errors").tag("region", name).counter().count()).as("the failed invalidation").isPositive();
                assertThat(one.get("k", key -> "new")).as("not Redis's stale copy").isEqualTo("new");
            } finally {
                connection.sync().configSet("maxmemory", "0");
            }
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> two.get("k", key -> "new").equals("new"));
        assertThat(node().region(name, String.class).get("k", key -> "new")).isEqualTo("new");
    }

    @Test
    void readsAnswerFromTheLoaderWhileRedisIsDownAndCountTheErrors() {
        String name = uniqueRegion();
        CacheRegion<String> region = node().region(name, String.class);
        region.get("before", key -> "cached");
        redis.stop();
        try {
            assertThat(region.get("during", key -> "from the database")).isEqualTo("from the database");
            await().atMost(Duration.ofSeconds(5)).until(() -> region.get("before", key -> "from the database").equals("from the database"));
            region.invalidate("before");
            assertThat(region.get("before", key -> "from the database again")).isEqualTo("from the database again");
            assertThat(meters.get("cache.errors").tag("region", name).counter().count()).isGreaterThanOrEqualTo(2);
        } finally {
            redis.start();
        }
    }
}
