package dev.mercato.platform.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.mercato.platform.cache.CacheSettings;
import dev.mercato.platform.web.RateLimitedException;
import dev.mercato.support.EmbeddedRedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rate limits shared through a real Redis (started here): two limiters, each with its own
 * connection as two nodes have, take from one bucket; with Redis gone each counts on its own,
 * with a log line and a metric, and never fails a request.
 */
@ExtendWith(OutputCaptureExtension.class)
class SharedRateLimitTests {

    private static final RateLimitSettings.Limit TEN_PER_HOUR = new RateLimitSettings.Limit(10, Duration.ofHours(1));

    private EmbeddedRedis redis;
    private final List<RateLimiter> nodes = new ArrayList<>();

    @BeforeEach
    void startRedis() {
        redis = new EmbeddedRedis();
    }

    @AfterEach
    void stop() {
        nodes.forEach(RateLimiter::close);
        redis.close();
    }

    @Test
    void twoNodesShareOneLimitExactlyEvenWhenTheyRace() throws Exception {
        RateLimiter one = node(new SimpleMeterRegistry());
        RateLimiter two = node(new SimpleMeterRegistry());

        List<Callable<Boolean>> attempts = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            RateLimiter node = i % 2 == 0 ? one : two;
            attempts.add(() -> allowed(node, "checkout", "customer:racer"));
        }
        int allowed = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<Boolean> attempt : pool.invokeAll(attempts)) {
                allowed += attempt.get() ? 1 : 0;
            }
        }

        assertThat(allowed).as("10 per hour across both nodes, not 10 on each").isEqualTo(10);
        assertThat(allowed(one, "checkout", "customer:someone-else")).as("buckets are per key").isTrue();
        assertThat(allowed(two, "login", "customer:racer")).as("and per route").isTrue();
    }

    @Test
    void withRedisDownEachNodeFallsBackToItsOwnBucketsLogsAndCountsItAndNeverFails(CapturedOutput output) {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        RateLimiter node = node(metrics);
        assertThat(allowed(node, "login", "address:192.0.2.1")).isTrue();

        redis.stop();
        List<Boolean> answers = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            answers.add(allowed(node, "login", "address:192.0.2.1")); // throws if anything but a 429 came out
        }

        assertThat(answers.subList(0, 10)).as("the node's own bucket starts full").containsOnly(true);
        assertThat(answers.subList(10, 15)).as("and still limits").containsOnly(false);
        assertThat(metrics.counter("rate_limit_redis_fallbacks_total").count()).isEqualTo(15);
        assertThat(output.getOut()).containsOnlyOnce("rate limits: Redis failed");

        redis.start();
        awaitShared(node);
        assertThat(output.getOut()).contains("rate limits: Redis answers again");
    }

    private RateLimiter node(SimpleMeterRegistry metrics) {
        RateLimitSettings settings = new RateLimitSettings(true, TEN_PER_HOUR, TEN_PER_HOUR, TEN_PER_HOUR, TEN_PER_HOUR, null);
        CacheSettings cache = new CacheSettings(true, Duration.ofSeconds(90), 1000,
                new CacheSettings.Redis(redis.url(), Duration.ofMillis(250), Duration.ofMillis(200)));
        RateLimiter node = new RateLimiter(settings, cache, metrics);
        nodes.add(node);
        return node;
    }

    private static boolean allowed(RateLimiter node, String route, String key) {
        try {
            node.acquire(route, TEN_PER_HOUR, key);
            return true;
        } catch (RateLimitedException refused) {
            return false;
        }
    }

    /** Lettuce reconnects on its own, within a few seconds of Redis coming back. */
    private void awaitShared(RateLimiter node) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            allowed(node, "register", "address:probe-" + System.nanoTime());
            if (redisHasKeys()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("the node did not go back to Redis after it came back");
    }

    private boolean redisHasKeys() {
        try (var client = io.lettuce.core.RedisClient.create(redis.url()); var connection = client.connect()) {
            return !connection.sync().keys("mercato:rate-limit:register:*").isEmpty();
        }
    }
}
