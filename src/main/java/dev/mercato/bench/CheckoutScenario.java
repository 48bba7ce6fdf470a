package dev.mercato.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Shoppers end to end over HTTP: each of {@code checkoutShoppers} closed-loop clients takes a guest
 * session, adds one unit of a random SKU to its cart and places the order with the sandbox card
 * {@code tok_visa}, then starts over as a new guest. Every step is durable before it answers. After
 * the run the database is asked whether anything was oversold, whether any shopper got two orders
 * and whether any order was captured twice: a fast checkout that did either would not be a result.
 * The load client runs in this JVM; it is first run against {@link NoopHttpServer} to show what it
 * costs on its own.
 */
final class CheckoutScenario {

    private static final String ADDRESS = """
            {"shippingAddress":{"name":"Bench Shopper","line1":"1 Loopback Street","city":"Springfield","postalCode":"12345",\
            "country":"US"},"payment":{"method":"card","token":"tok_visa"}}""";

    private final BenchSettings settings;
    private final BenchShop shop;
    private final PrintStream out;
    private final JdbcClient jdbc;
    private final CpuMeter cpu;

    CheckoutScenario(BenchSettings settings, BenchShop shop, PrintStream out, JdbcClient jdbc, CpuMeter cpu) {
        this.settings = settings;
        this.shop = shop;
        this.out = out;
        this.jdbc = jdbc;
        this.cpu = cpu;
    }

    private record Run(long orders, long failures, double seconds, Latencies.Summary checkout, Latencies.Summary journey, CpuMeter.Sample cpuBefore,
            CpuMeter.Sample cpuAfter) {
    }

    void run() throws InterruptedException, IOException {
        List<String> skus = new ArrayList<>();
        for (int i = 0; i < settings.checkoutSkus(); i++) {
            skus.add(shop.sku("checkout", 1_000_000_000L));
        }
        double noopJourneys = clientAlone();
        shoppers(shop.port(), skus, settings.warmup(), 201);
        Run run = shoppers(shop.port(), skus, settings.duration(), 201);
        long oversold = skus.stream().mapToLong(shop::oversold).sum();
        long duplicates = duplicates();
        double ordersPerSecond = run.orders() / run.seconds();
        out.printf(Locale.ROOT, "checkout http shoppers=%d skus=%d seconds=%d orders_per_s=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.1f "
                        + "journey_p50_ms=%.2f journey_p99_ms=%.2f failed=%d oversold=%d duplicates=%d %s%n",
                settings.checkoutShoppers(), skus.size(), settings.duration().toSeconds(), ordersPerSecond, run.checkout().p50Ms(),
                run.checkout().p99Ms(), run.checkout().maxMs(), run.journey().p50Ms(), run.journey().p99Ms(), run.failures(), oversold,
                duplicates, run.cpuAfter().perRequest(run.cpuBefore(), run.orders()).replace("_per_req", "_per_order"));
        out.printf(Locale.ROOT, "checkout client noop_journeys_per_s=%.0f client_share=%.2f%n", noopJourneys, ordersPerSecond / noopJourneys);
    }

    /**
     * The same client and request shapes against a server that does nothing: journeys a second the
     * client can drive at most here. The measured rate divided by this is the share of the machine
     * the client itself takes (an upper bound, since the no-op server's own work is counted too).
     */
    private double clientAlone() throws InterruptedException, IOException {
        try (NoopHttpServer noop = new NoopHttpServer()) {
            shoppers(noop.port(), List.of("NOOP"), Duration.ofSeconds(1), 200);
            Run run = shoppers(noop.port(), List.of("NOOP"), Duration.ofSeconds(3), 200);
            return run.orders() / run.seconds();
        }
    }

    /** @param placed the status that means "order placed": 201 from Mercato, 200 from the no-op server */
    private Run shoppers(int port, List<String> skus, Duration duration, int placed) throws InterruptedException {
        ConcurrentLinkedQueue<Latencies> checkouts = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Latencies> journeys = new ConcurrentLinkedQueue<>();
        AtomicLong orders = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        CpuMeter.Sample before = cpu.now();
        long started = System.nanoTime();
        long deadline = started + duration.toNanos();
        try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < settings.checkoutShoppers(); i++) {
                clients.execute(() -> {
                    Latencies checkout = new Latencies();
                    Latencies journey = new Latencies();
                    checkouts.add(checkout);
                    journeys.add(journey);
                    try (HttpConnection http = new HttpConnection("localhost", port)) {
                        while (System.nanoTime() < deadline) {
                            long begin = System.nanoTime();
                            if (journey(http, skus.get(ThreadLocalRandom.current().nextInt(skus.size())), checkout, placed)) {
                                orders.incrementAndGet();
                                journey.add(System.nanoTime() - begin);
                            } else {
                                failures.incrementAndGet();
                            }
                        }
                    }
                });
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Run(orders.get(), failures.get(), seconds, Latencies.summarize(checkouts), Latencies.summarize(journeys), before, cpu.now());
    }

    /** Guest, add, checkout; true when the order was placed (201). */
    private static boolean journey(HttpConnection http, String sku, Latencies checkout, int placed) {
        try {
            HttpConnection.Response guest = http.post("/api/auth/guest", null, null, "");
            if (guest.status() / 100 != 2) {
                return false;
            }
            String token = token(guest.text());
            if (http.post("/api/cart/items", token, null, "{\"sku\":\"" + sku + "\",\"quantity\":1}").status() != 200) {
                return false;
            }
            long sent = System.nanoTime();
            HttpConnection.Response order = http.post("/api/orders", token, "Idempotency-Key: " + UUID.randomUUID() + "\r\n", ADDRESS);
            checkout.add(System.nanoTime() - sent);
            return order.status() == placed;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static String token(String body) {
        int at = body.indexOf("\"token\":\"");
        if (at < 0) {
            return "none"; // the no-op server answers {}: any token will do there
        }
        int from = at + 9;
        return body.substring(from, body.indexOf('"', from));
    }

    /** Shoppers with more than one order, plus orders captured more than once: both must be 0. */
    private long duplicates() {
        return jdbc.sql("""
                SELECT (SELECT count(*) - count(DISTINCT owner) FROM orders)
                     + (SELECT count(*) FROM (SELECT order_id FROM sandbox_payments WHERE kind = 'capture' AND status = 'succeeded'
                                             GROUP BY order_id HAVING count(*) > 1) twice)""")
                .query(Long.class).single();
    }
}
