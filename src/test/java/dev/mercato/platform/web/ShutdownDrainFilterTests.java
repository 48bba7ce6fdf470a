package dev.mercato.platform.web;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.FilterChain;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The drain after the web server's graceful shutdown: what is inside finishes first, what comes later is refused cleanly. */
class ShutdownDrainFilterTests {

    private final ShutdownDrainFilter filter = new ShutdownDrainFilter(new ProblemResponses(JsonMapper.builder().build()));

    @Test
    void stoppingWaitsForTheRequestsInsideAndRefusesLaterOnesWith503AndRetryAfter() throws Exception {
        filter.start();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch mayFinish = new CountDownLatch(1);
        MockHttpServletResponse first = new MockHttpServletResponse();
        var executor = Executors.newVirtualThreadPerTaskExecutor();
        CompletableFuture<Void> running = CompletableFuture.runAsync(() -> call(first, (request, response) -> {
            inside.countDown();
            awaitLatch(mayFinish);
            ((MockHttpServletResponse) response).setStatus(200);
        }), executor);
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(filter::stop, executor);
        MockHttpServletResponse[] later = new MockHttpServletResponse[1];
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            later[0] = new MockHttpServletResponse();
            call(later[0], new MockFilterChain());
            return later[0].getStatus() == 503;
        });

        assertThat(later[0].getHeader("Retry-After")).isEqualTo("1");
        assertThat(later[0].getHeader("Connection")).isEqualTo("close");
        assertThat(later[0].getContentAsString()).contains("/shutting-down");
        assertThat(stopping).as("stop waits for the request inside").isNotDone();
        assertThat(filter.isRunning()).isTrue();

        mayFinish.countDown();
        running.get(10, TimeUnit.SECONDS);
        stopping.get(10, TimeUnit.SECONDS);
        assertThat(first.getStatus()).as("the request inside finished as it would have").isEqualTo(200);
        assertThat(filter.isRunning()).isFalse();

        // started again (a paused test context resumed): requests are let in again
        filter.start();
        MockHttpServletResponse again = new MockHttpServletResponse();
        call(again, new MockFilterChain());
        assertThat(again.getStatus()).isEqualTo(200);
        executor.shutdown();
    }

    private void call(MockHttpServletResponse response, FilterChain chain) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/cart/items");
        try {
            filter.doFilter(request, response, chain);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
