package dev.mercato.platform;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.mercato.support.Api;
import dev.mercato.support.EventStream;
import dev.mercato.support.ServerProcess;
import dev.mercato.support.Shop;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12: SIGTERM stops taking requests, finishes the ones in flight, ends SSE streams cleanly
 * and stops PostgreSQL last. Mercato runs in a child JVM that is sent SIGTERM under load.
 */
class GracefulShutdownTests {

    /** How long start-up may go without progress, neither log nor CPU ({@link ServerProcess#await}). */
    private static final Duration STARTUP = Duration.ofSeconds(120);

    @Test
    void sigtermUnderLoadFailsNoAcceptedRequestEndsStreamsAndStopsPostgresLast() throws Exception {
        Path dataDirectory = Files.createTempDirectory(Path.of("target"), "shutdown-postgres-").resolve("postgres");
        int port = ServerProcess.freePort();
        try (ServerProcess server = ServerProcess.startMercato(dataDirectory, port, "mercato")) {
            server.awaitReady(port, STARTUP);
            Api api = new Api(port);
            String admin = api.post("/api/auth/login", Map.of("email", "admin@test.local", "password", "admin-secret-1"), null)
                    .json().get("token").asString();
            Shop shop = new Shop(api, admin);
            String sku = shop.productWithStock("4.99", 1_000_000);
            String buyer = shop.guest();
            assertThat(shop.add(buyer, sku, 1).status()).isEqualTo(200);
            var order = shop.checkout(buyer, "shutdown-order-1", "tok_visa");
            assertThat(order.status()).as(order.toString()).isEqualTo(201);
            EventStream stream = EventStream.open(api, "/api/orders/" + order.json().get("id").asString() + "/events", buyer);

            List<String> shoppers = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                shoppers.add(shop.guest());
            }
            AtomicBoolean done = new AtomicBoolean();
            AtomicLong signalledAt = new AtomicLong(Long.MAX_VALUE);
            Queue<Integer> answered = new ConcurrentLinkedQueue<>();
            Queue<String> refusals = new ConcurrentLinkedQueue<>();
            Queue<String> failures = new ConcurrentLinkedQueue<>();
            Queue<String> brokenAnswers = new ConcurrentLinkedQueue<>();
            AtomicInteger notAccepted = new AtomicInteger();
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < shoppers.size(); c++) {
                String token = shoppers.get(c);
                String client = "client " + c;
                clients.add(Thread.ofVirtual().start(() -> {
                    for (int n = 0; !done.get(); n++) {
                        long sentAt = System.nanoTime();
                        try {
                            Api.Response response = shop.add(token, sku, 1);
                            String what = client + " request " + n + " sent " + sinceSignal(sentAt, signalledAt)
                                    + " answered " + sinceSignal(System.nanoTime(), signalledAt) + ": " + response;
                            if (isCleanRefusal(response)) {
                                refusals.add(what);
                            } else {
                                answered.add(response.status());
                                if (response.status() != 200) {
                                    failures.add(what);
                                }
                            }
                            try {
                                response.json();
                            } catch (RuntimeException e) {
                                brokenAnswers.add(what);
                            }
                        } catch (UncheckedIOException refused) {
                            // no answer at all: the request was never taken (connection refused or closed idle)
                            notAccepted.incrementAndGet();
                            sleep(20);
                        }
                    }
                }));
            }

            // under load, not merely started: every client has had an answer (a loaded machine takes seconds per request)
            server.await(() -> answered.size() + refusals.size() >= shoppers.size(), STARTUP, "an answer for every client");
            sleep(500);
            int beforeSignal = answered.size();
            signalledAt.set(System.nanoTime());
            server.terminate();
            int exit = server.awaitExit(Duration.ofSeconds(60));
            done.set(true);
            for (Thread client : clients) {
                client.join();
            }

            Map<Integer, Integer> byStatus = new TreeMap<>();
            answered.forEach(status -> byStatus.merge(status, 1, Integer::sum));
            System.out.printf("graceful-shutdown answered=%d beforeSignal=%d notAccepted=%d refused503=%d statuses=%s exit=%d%n",
                    answered.size(), beforeSignal, notAccepted.get(), refusals.size(), byStatus, exit);
            assertThat(beforeSignal).as("load was running when the signal came").isPositive();
            assertThat(failures).as("every accepted request succeeded: " + byStatus + "; the end of the server's log:\n" + tail(server.output(), 60))
                    .isEmpty();
            assertThat(brokenAnswers).as("no answer was cut off").isEmpty();
            assertThat(exit).as("exit after SIGTERM").isIn(0, 143);

            assertThat(stream.awaitEnd(Duration.ofSeconds(10))).as("the SSE stream was ended by the server, not cut").isTrue();
            assertThat(stream.lines()).contains("event:shutdown");

            String log = server.output();
            int shutdownComplete = log.indexOf("Graceful shutdown complete");
            int postgresStopped = log.indexOf("embedded PostgreSQL stopped");
            assertThat(shutdownComplete).as("graceful shutdown logged").isPositive();
            assertThat(postgresStopped).as("PostgreSQL stopped after the web server finished").isGreaterThan(shutdownComplete);
            assertThat(Files.exists(dataDirectory.resolve("postmaster.pid"))).as("no PostgreSQL left running").isFalse();
        }
    }

    /**
     * Refused, not failed: the paused connector's own 503 (no body), or the application's 503 with
     * Retry-After saying nothing was changed. Either tells the client to send it again elsewhere.
     */
    private static boolean isCleanRefusal(Api.Response response) {
        return response.status() == 503 && (response.body().isEmpty() || response.header("Retry-After") != null);
    }

    private static String sinceSignal(long nanos, AtomicLong signalledAt) {
        long signal = signalledAt.get();
        return signal == Long.MAX_VALUE ? "before the signal" : "at signal" + String.format("%+d ms", (nanos - signal) / 1_000_000);
    }

    private static String tail(String log, int lines) {
        List<String> all = log.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
