package dev.mercato.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.mercato.inventory.InsufficientStockException;
import dev.mercato.inventory.ReservationEngine;

/**
 * The flash-sale scenarios of DESIGN.md section 4: many buyers on one SKU, each grant a durable
 * hold in PostgreSQL. Every design is warmed up, measured for a fixed time, then checked in the
 * database for oversold units.
 */
final class FlashSaleScenarios {

    private final BenchSettings settings;
    private final BenchShop shop;
    private final PrintStream out;
    private final MeterRegistry meters;
    private final JdbcClient jdbc;
    private final CpuMeter cpu;

    FlashSaleScenarios(BenchSettings settings, BenchShop shop, PrintStream out, MeterRegistry meters, JdbcClient jdbc, CpuMeter cpu) {
        this.settings = settings;
        this.shop = shop;
        this.out = out;
        this.meters = meters;
        this.jdbc = jdbc;
        this.cpu = cpu;
    }

    /**
     * The database's own counters at one instant: commits and WAL syncs (fsyncs of the WAL, each a
     * durable-commit wait on this disk). The difference of two, per grant, says how many flushes a
     * grant cost. The counters are flushed by the backends about once a second, so over a run of
     * several seconds the figure is close, not exact; -1 where the server cannot tell.
     */
    private record DatabaseWork(long commits, long walSyncs) {
        static DatabaseWork now(JdbcClient jdbc) {
            try {
                long commits = jdbc.sql("SELECT sum(xact_commit)::bigint FROM pg_stat_database").query(Long.class).single();
                long syncs = jdbc.sql("SELECT wal_sync FROM pg_stat_wal").query(Long.class).single();
                return new DatabaseWork(commits, syncs);
            } catch (RuntimeException e) {
                return new DatabaseWork(-1, -1);
            }
        }

        String perGrant(DatabaseWork before, double grants) {
            if (commits < 0 || before.commits < 0 || grants <= 0) {
                return "commits_per_grant=-1 wal_syncs_per_grant=-1";
            }
            return String.format(Locale.ROOT, "commits_per_grant=%.2f wal_syncs_per_grant=%.2f", (commits - before.commits) / grants,
                    (walSyncs - before.walSyncs) / grants);
        }
    }

    /** The engine's group-commit timer at one instant; the difference of two tells what batches cost in between. */
    private record Batches(long count, double totalMs, double requests) {
        static Batches now(MeterRegistry meters) {
            Timer timer = meters.find("inventory_hold_batch").timer();
            DistributionSummary size = meters.find("inventory_hold_batch_size").summary();
            return timer == null || size == null ? new Batches(0, 0, 0)
                    : new Batches(timer.count(), timer.totalTime(TimeUnit.MILLISECONDS), size.totalAmount());
        }

        String since(Batches before) {
            long batches = count - before.count;
            return batches == 0 ? "" : String.format(Locale.ROOT, " batches=%d mean_batch=%.0f mean_batch_ms=%.2f", batches,
                    (requests - before.requests) / batches, (totalMs - before.totalMs) / batches);
        }
    }

    /** @param requestsPerSecond answered requests, granted or not */
    record Result(double grantsPerSecond, double requestsPerSecond, Latencies.Summary latency, double seconds,
            List<String> skus) {

        Result(double grantsPerSecond, double requestsPerSecond, Latencies.Summary latency, double seconds) {
            this(grantsPerSecond, requestsPerSecond, latency, seconds, List.of());
        }
    }

    /** Buyers call the engine directly: the cost of the design itself. */
    Result inProcess(String design, ReservationEngine engine) throws InterruptedException {
        List<String> skus = hotSkus(design);
        Instant expiry = Instant.now().plus(Duration.ofHours(1));
        Buy buy = (buyer, sku) -> {
            try {
                engine.reserve("bench:" + design + ":" + buyer, sku, 1, expiry);
                return true;
            } catch (InsufficientStockException e) {
                return false;
            }
        };
        run(skus, buy, settings.warmup());
        Batches before = Batches.now(meters);
        Result result = run(skus, buy, settings.duration());
        report("flash-sale", design, result, skus, Batches.now(meters).since(before));
        return result;
    }

    /** Buyers add to their cart through the HTTP API, each with its own bearer token, on loopback. */
    Result overHttp(String design) throws InterruptedException {
        List<String> skus = hotSkus(design + "-http");
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < settings.buyers(); i++) {
            tokens.add(shop.guestToken());
        }
        double noopRps = clientAlone(tokens);
        Buy buy = cartAdds(shop.port(), tokens);
        run(skus, buy, settings.warmup());
        Batches before = Batches.now(meters);
        DatabaseWork workBefore = DatabaseWork.now(jdbc);
        CpuMeter.Sample cpuBefore = cpu.now();
        long jitBefore = compilationMillis();
        Result result = run(skus, buy, settings.duration());
        long jitMillis = compilationMillis() - jitBefore;
        CpuMeter.Sample cpuAfter = cpu.now();
        DatabaseWork workAfter = DatabaseWork.now(jdbc);
        report("flash-sale-http", design, result, skus, Batches.now(meters).since(before));
        long requests = result.latency().samples();
        double grants = result.grantsPerSecond() * result.seconds();
        // the JVM's figure includes the load client's share (client_share on the next line bounds it)
        // jit_ms_per_req: the compiler threads' share of the JVM's figure; on a starved machine the JIT is still
        // compiling the request path well after the warm-up, and a longer --mercato.bench.warmup shrinks it
        out.printf(Locale.ROOT, "flash-sale-http cost %s jit_ms_per_req=%.3f %s%n", cpuAfter.perRequest(cpuBefore, requests),
                (double) jitMillis / Math.max(1, requests), workAfter.perGrant(workBefore, grants));
        out.println("flash-sale-http durability " + durability());
        out.printf(Locale.ROOT, "flash-sale-http client noop_rps=%.0f client_share=%.2f%n", noopRps,
                result.requestsPerSecond() / noopRps);
        return result;
    }

    /** Time the JIT compilers have spent so far (HotSpot: about their CPU time), in milliseconds. */
    private static long compilationMillis() {
        var compilation = java.lang.management.ManagementFactory.getCompilationMXBean();
        return compilation != null && compilation.isCompilationTimeMonitoringSupported() ? compilation.getTotalCompilationTime() : 0;
    }

    /** The server settings a grant's durability rests on, as the server reports them. */
    private String durability() {
        return jdbc.sql("""
                SELECT string_agg(name || '=' || setting, ' ' ORDER BY name) FROM pg_settings
                WHERE name IN ('fsync', 'synchronous_commit', 'wal_sync_method', 'full_page_writes', 'commit_delay', 'commit_siblings')""")
                .query(String.class).single();
    }

    /**
     * The HTTP flash sale with buyer {@code i} sending to {@code ports[i % ports.length]}: one node, or
     * several on one database with the buyers split evenly, as a load balancer would. Warmed up, then
     * measured; the SKUs are fresh for each call, so what one run sold does not count in the next.
     */
    Result overHttpSplit(String label, int[] ports, List<String> tokens) throws InterruptedException {
        List<String> skus = hotSkus(label);
        Buy buy = cartAdds(ports, tokens);
        run(skus, buy, settings.warmup());
        Result result = run(skus, buy, settings.duration());
        return new Result(result.grantsPerSecond(), result.requestsPerSecond(), result.latency(), result.seconds(), skus);
    }

    /**
     * A drop over HTTP split across {@code ports}: {@code stock} units, every buyer one attempt at
     * the same instant. Returns the units granted (must be {@code stock} when buyers outnumber it).
     */
    long scarceOverHttp(String sku, int[] ports, List<String> tokens) throws InterruptedException {
        Buy buy = cartAdds(ports, tokens);
        CountDownLatch start = new CountDownLatch(1);
        AtomicLong granted = new AtomicLong();
        try (var buyers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < tokens.size(); i++) {
                int buyer = i;
                buyers.execute(() -> {
                    await(start);
                    try {
                        if (buy.attempt(buyer, sku)) {
                            granted.incrementAndGet();
                        }
                    } catch (Exception e) {
                        // not a grant
                    }
                });
            }
            Thread.sleep(200);
            start.countDown();
        }
        return granted.get();
    }

    /**
     * One keep-alive connection per buyer ({@link HttpConnection}), the way a browser keeps one open;
     * a buyer is one thread throughout, so its connection is never shared.
     */
    private Buy cartAdds(int port, List<String> tokens) {
        return cartAdds(new int[] {port}, tokens);
    }

    private Buy cartAdds(int[] ports, List<String> tokens) {
        HttpConnection[] connections = new HttpConnection[tokens.size()];
        return (buyer, sku) -> {
            if (connections[buyer] == null) {
                connections[buyer] = new HttpConnection("localhost", ports[buyer % ports.length]);
            }
            try {
                return connections[buyer].post("/api/cart/items", tokens.get(buyer), null, "{\"sku\":\"" + sku + "\",\"quantity\":1}")
                        .status() == 200;
            } catch (java.io.IOException e) {
                connections[buyer].close();
                return false;
            }
        };
    }

    /**
     * The same buyers and requests against a server that answers at once: requests a second the
     * client can send here on its own. The rate measured against Mercato divided by this is the share
     * of the machine the client takes (an upper bound: the no-op server's work counts as the client's).
     */
    private double clientAlone(List<String> tokens) throws InterruptedException {
        try (NoopHttpServer noop = new NoopHttpServer()) {
            Buy buy = cartAdds(noop.port(), tokens);
            run(List.of("NOOP"), buy, Duration.ofSeconds(1));
            return run(List.of("NOOP"), buy, Duration.ofSeconds(3)).requestsPerSecond();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A drop: few units, many more buyers, all at the same instant, one attempt each. Exactly the
     * units on sale must be granted; the figure is how long it takes to sell out.
     */
    double scarce(String design, ReservationEngine engine) throws InterruptedException {
        String sku = shop.sku("scarce-" + design, settings.scarceStock());
        Instant expiry = Instant.now().plus(Duration.ofHours(1));
        CountDownLatch start = new CountDownLatch(1);
        AtomicLong granted = new AtomicLong();
        AtomicLong lastGrant = new AtomicLong();
        ConcurrentLinkedQueue<Latencies> samples = new ConcurrentLinkedQueue<>();
        long begin;
        try (var buyers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < settings.scarceBuyers(); i++) {
                int buyer = i;
                buyers.execute(() -> {
                    Latencies latencies = new Latencies();
                    samples.add(latencies);
                    await(start);
                    long sent = System.nanoTime();
                    try {
                        engine.reserve("drop:" + design + ":" + buyer, sku, 1, expiry);
                        granted.incrementAndGet();
                        lastGrant.accumulateAndGet(System.nanoTime(), Math::max);
                    } catch (InsufficientStockException soldOut) {
                        // the expected answer for all but the first few hundred
                    }
                    latencies.add(System.nanoTime() - sent);
                });
            }
            Thread.sleep(200); // let every buyer reach the start line
            begin = System.nanoTime();
            start.countDown();
        }
        long answeredAll = System.nanoTime();
        double soldOutMs = (lastGrant.get() - begin) / 1e6;
        Latencies.Summary latency = Latencies.summarize(samples);
        out.printf(Locale.ROOT, "flash-sale-scarce %s buyers=%d stock=%d granted=%d sold_out_ms=%.1f all_answered_ms=%.1f p50_ms=%.2f p99_ms=%.2f oversold=%d%n",
                design, settings.scarceBuyers(), settings.scarceStock(), granted.get(), soldOutMs, (answeredAll - begin) / 1e6,
                latency.p50Ms(), latency.p99Ms(), shop.oversold(sku));
        return soldOutMs;
    }

    void ratio(String scenario, String a, String b, double value) {
        out.printf(Locale.ROOT, "%s ratio %s/%s=%.1f%n", scenario, a, b, value);
    }

    @FunctionalInterface
    private interface Buy {
        boolean attempt(int buyer, String sku) throws Exception;
    }

    private Result run(List<String> skus, Buy buy, Duration duration) throws InterruptedException {
        ConcurrentLinkedQueue<Latencies> samples = new ConcurrentLinkedQueue<>();
        AtomicLong grants = new AtomicLong();
        long deadline = System.nanoTime() + duration.toNanos();
        long started = System.nanoTime();
        try (var buyers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < settings.buyers(); i++) {
                int buyer = i;
                buyers.execute(() -> {
                    Latencies latencies = new Latencies();
                    samples.add(latencies);
                    String sku = skus.get(buyer % skus.size());
                    while (System.nanoTime() < deadline) {
                        long sent = System.nanoTime();
                        try {
                            if (buy.attempt(buyer, sku)) {
                                grants.incrementAndGet();
                            }
                        } catch (Exception e) {
                            // an error is not a grant; it still costs the buyer its time
                        }
                        latencies.add(System.nanoTime() - sent);
                    }
                });
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Latencies.Summary latency = Latencies.summarize(samples);
        return new Result(grants.get() / seconds, latency.samples() / seconds, latency, seconds);
    }

    private void report(String scenario, String design, Result result, List<String> skus, String batches) {
        long oversold = skus.stream().mapToLong(shop::oversold).sum();
        boolean consistent = skus.stream().allMatch(shop::reservedMatchesHolds);
        out.printf(Locale.ROOT, "%s %s buyers=%d skus=%d seconds=%d grants_per_s=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.1f oversold=%d reserved_matches_holds=%s%s%n",
                scenario, design, settings.buyers(), skus.size(), settings.duration().toSeconds(), result.grantsPerSecond(),
                result.latency().p50Ms(), result.latency().p99Ms(), result.latency().maxMs(), oversold, consistent, batches);
    }

    private List<String> hotSkus(String label) {
        List<String> skus = new ArrayList<>();
        for (int i = 0; i < settings.skus(); i++) {
            skus.add(shop.sku(label, 1_000_000_000L));
        }
        return skus;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
