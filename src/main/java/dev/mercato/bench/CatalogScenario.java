package dev.mercato.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.mercato.catalog.DemoCatalogFiles;
import dev.mercato.platform.cache.Caches;
import dev.mercato.platform.web.Cursors;

/**
 * The catalog reads shoppers make, over HTTP on loopback with {@link HttpLoad}: product detail
 * ({@code GET /api/products/{id}}, random ids over the demo catalog), list pages
 * ({@code GET /api/products?limit=20}, keyset pages from a cursor, category browse) and
 * availability ({@code GET /api/availability/{sku}}), each cached and uncached in the same run
 * (the uncached run turns {@link Caches#bypass} on, so every read goes to the database as it would
 * with no cache). First the client alone against {@link NoopHttpServer}, so the reader knows
 * what the client can reach and costs on this machine.
 *
 * <p>Anonymous reads (no Authorization header), as a shopper browsing before signing in.
 */
final class CatalogScenario {

    private static final int STOCKED_SKUS = 500;

    private final BenchSettings settings;
    private final BenchShop shop;
    private final PrintStream out;
    private final JdbcClient jdbc;
    private final DemoCatalogFiles files;
    private final Caches caches;
    private final int port;

    CatalogScenario(BenchSettings settings, BenchShop shop, PrintStream out, JdbcClient jdbc, DemoCatalogFiles files, Caches caches, int port) {
        this.settings = settings;
        this.shop = shop;
        this.out = out;
        this.jdbc = jdbc;
        this.files = files;
        this.caches = caches;
        this.port = port;
    }

    /** Imports the demo catalog once (and stock for some of its SKUs) unless the database already holds it. */
    void prepare() throws IOException, InterruptedException {
        int products = settings.catalogProducts();
        long present = jdbc.sql("SELECT count(*) FROM products WHERE active").query(Long.class).single();
        if (present >= products) {
            return;
        }
        Path file = Path.of("target", "bench", "demo-products-" + products + ".jsonl");
        if (!Files.exists(file)) {
            files.writeJsonLines(file, products, 42);
        }
        long started = System.nanoTime();
        shop.awaitJob(shop.importProducts(file));
        List<String> skus = jdbc.sql("SELECT sku FROM product_variants WHERE active ORDER BY sku LIMIT :n").param("n", STOCKED_SKUS)
                .query(String.class).list();
        skus.forEach(sku -> shop.stock(sku, 100));
        out.printf(Locale.ROOT, "catalog setup products=%d stocked_skus=%d seconds=%.1f%n", products, skus.size(),
                (System.nanoTime() - started) / 1e9);
    }

    /** The client alone: what it reaches against a server that does nothing, and what it costs per request. */
    void clientAlone() throws IOException, InterruptedException {
        try (NoopHttpServer noop = new NoopHttpServer()) {
            byte[] request = HttpConnection.get("/api/products/1");
            HttpLoad.Result result = new HttpLoad("127.0.0.1", noop.port(), settings.httpConnections())
                    .run(settings.readWarmup(), r -> request, settings.readDuration(), r -> request, 200);
            out.printf(Locale.ROOT, "catalog client-alone connections=%d %s%n", settings.httpConnections(), result.figures());
        }
    }

    void detail() throws InterruptedException {
        long[] ids = jdbc.sql("SELECT id FROM products WHERE active ORDER BY id").query(Long.class).list().stream()
                .mapToLong(Long::longValue).toArray();
        byte[][] requests = new byte[ids.length][];
        for (int i = 0; i < ids.length; i++) {
            requests[i] = HttpConnection.get("/api/products/" + ids[i]);
        }
        pair("catalog", "page=detail", requests);
    }

    /** The first page, the next 99 keyset pages, and the first page of every category with products. */
    void lists() throws InterruptedException {
        List<byte[]> requests = new ArrayList<>();
        requests.add(HttpConnection.get("/api/products?limit=20"));
        List<Long> ids = jdbc.sql("SELECT id FROM products WHERE active ORDER BY id LIMIT 2000").query(Long.class).list();
        for (int i = 19; i < ids.size(); i += 20) {
            requests.add(HttpConnection.get("/api/products?limit=20&cursor=" + cursor(ids.get(i))));
        }
        jdbc.sql("SELECT DISTINCT c.path FROM categories c JOIN products p ON p.category_id = c.id WHERE p.active ORDER BY c.path")
                .query(String.class).list()
                .forEach(path -> requests.add(HttpConnection.get("/api/products?limit=20&category=" + path)));
        pair("catalog", "page=list", requests.toArray(byte[][]::new));
    }

    void availability() throws InterruptedException {
        List<String> skus = jdbc.sql("SELECT sku FROM product_variants WHERE active ORDER BY sku").query(String.class).list();
        byte[][] requests = skus.stream().map(sku -> HttpConnection.get("/api/availability/" + sku)).toArray(byte[][]::new);
        pair("availability", "", requests);
        light("availability", requests);
    }

    /**
     * The cached reads again from a few connections: with 32 closed-loop connections on two cores the
     * tail is the load client and the server waiting for a core (the client alone, against a server
     * that does nothing, has a p99 of several milliseconds), so a latency target is read here, at a
     * load the machine is not saturated by.
     */
    private void light(String scenario, byte[][] requests) throws InterruptedException {
        HttpLoad load = new HttpLoad("127.0.0.1", port, settings.latencyConnections());
        HttpLoad.Requests random = r -> requests[r.nextInt(requests.length)];
        HttpLoad.Result cached = load.run(settings.readWarmup(), random, settings.readDuration(), random, 200);
        report(scenario + " cached connections=" + settings.latencyConnections(), cached, "");
    }

    /**
     * Cached then uncached over the same requests. Before the cached run every request is sent once
     * (each key loaded, as after a while in production; timed and printed as the cold pass), then
     * the warm-up and the measured time draw at random.
     */
    private void pair(String scenario, String label, byte[][] requests) throws InterruptedException {
        String suffix = label.isEmpty() ? "" : " " + label;
        HttpLoad load = new HttpLoad("127.0.0.1", port, settings.httpConnections());
        long started = System.nanoTime();
        long refused = load.once(requests, 200);
        out.printf(Locale.ROOT, "%s cold-pass requests=%d unexpected=%d seconds=%.1f%s%n", scenario, requests.length, refused,
                (System.nanoTime() - started) / 1e9, suffix);
        HttpLoad.Requests random = r -> requests[r.nextInt(requests.length)];
        HttpLoad.Result cached = load.run(settings.readWarmup(), random, settings.readDuration(), random, 200);
        report(scenario + " cached", cached, suffix);
        caches.bypass(true);
        HttpLoad.Result uncached;
        try {
            uncached = load.run(settings.readWarmup(), random, settings.readDuration(), random, 200);
        } finally {
            caches.bypass(false);
        }
        report(scenario + " uncached", uncached, suffix);
        out.printf(Locale.ROOT, "%s ratio cached/uncached=%.1f%s%n", scenario, cached.rps() / Math.max(uncached.rps(), 1e-9), suffix);
    }

    private void report(String what, HttpLoad.Result result, String suffix) {
        out.printf(Locale.ROOT, "%s %s%s%n", what, result.figures(), suffix);
        if (result.unexpected() > 0) {
            out.printf(Locale.ROOT, "%s first unexpected answer: %s%n", what, result.firstUnexpected());
        }
    }

    /** The API's cursor for "after this id" (opaque to clients; the bench makes it with the API's own encoder to spread reads over many pages). */
    private static String cursor(long afterId) {
        return Cursors.encode(Long.toString(afterId));
    }
}
