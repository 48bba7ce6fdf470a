package dev.mercato.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.mercato.catalog.DemoCatalogFiles;
import dev.mercato.search.SearchEngines;
import dev.mercato.search.SearchQuery;
import dev.mercato.search.SearchResult;

/**
 * The search benchmark: generates the demo catalog at benchmark size, imports it through the admin
 * API (the index follows from the import's events), rebuilds the index with a full reindex, then
 * runs one query mix against the index engine and against the PostgreSQL fallback in turn.
 */
final class SearchScenario {

    private static final Duration POLL = Duration.ofMillis(500);

    private final BenchSettings settings;
    private final BenchShop shop;
    private final PrintStream out;
    private final JdbcClient jdbc;
    private final SearchEngines engines;
    private final DemoCatalogFiles files;

    SearchScenario(BenchSettings settings, BenchShop shop, PrintStream out, JdbcClient jdbc, SearchEngines engines, DemoCatalogFiles files) {
        this.settings = settings;
        this.shop = shop;
        this.out = out;
        this.jdbc = jdbc;
        this.engines = engines;
        this.files = files;
    }

    void run() throws IOException, InterruptedException {
        int products = settings.searchProducts();
        Path file = Path.of("target", "bench", "demo-products-" + products + ".jsonl");
        if (!Files.exists(file)) {
            long started = System.nanoTime();
            files.writeJsonLines(file, products, 42);
            out.printf(Locale.ROOT, "search-data generated products=%d seconds=%.1f file=%s%n", products, seconds(started), file);
        }
        importAndIndex(file, products);
        reindex(products);
        List<SearchQuery> mix = queryMix(4000);
        Result index = measure(engines.indexEngine(), engines::index, mix);
        Result postgres = measure("postgres", engines::postgres, mix);
        out.printf(Locale.ROOT, "search ratio %s/postgres=%.1f%n", engines.indexEngine(), index.qps() / Math.max(postgres.qps(), 1e-9));
    }

    private void importAndIndex(Path file, int products) throws IOException, InterruptedException {
        long started = System.nanoTime();
        String job = shop.importProducts(file);
        awaitJob(job);
        double imported = seconds(started);
        out.printf(Locale.ROOT, "search-import postgres products=%d seconds=%.1f products_per_s=%.0f%n", products, imported, products / imported);
        while (!shop.adminGet("/api/admin/search/status").contains("\"drift\":0")) {
            Thread.sleep(POLL);
        }
        double indexed = seconds(started);
        out.printf(Locale.ROOT, "search-import-and-index %s products=%d seconds=%.1f products_per_s=%.0f index_lag_after_import_s=%.1f%n",
                engines.indexEngine(), products, indexed, products / indexed, indexed - imported);
    }

    private void reindex(int products) throws InterruptedException {
        long started = System.nanoTime();
        awaitJob(shop.reindexSearch());
        double took = seconds(started);
        out.printf(Locale.ROOT, "search-reindex %s products=%d seconds=%.1f docs_per_s=%.0f%n", engines.indexEngine(), products, took, products / took);
    }

    private void awaitJob(String job) throws InterruptedException {
        while (true) {
            String status = shop.adminGet("/api/admin/jobs/" + job);
            if (status.contains("\"status\":\"completed\"")) {
                return;
            }
            if (status.contains("\"status\":\"failed\"") || status.contains("\"status\":\"interrupted\"")) {
                throw new IllegalStateException("job " + job + " did not complete: " + status);
            }
            Thread.sleep(POLL);
        }
    }

    /**
     * What shoppers type, drawn from the catalog itself: single title words (40%), two adjacent
     * title words (30%), a word with a filter on category, brand, price or rating (20%), and a
     * category opened without text (10%). Facets are computed for every one.
     */
    private List<SearchQuery> queryMix(int size) {
        List<String> titles = jdbc.sql("SELECT title FROM products TABLESAMPLE SYSTEM (1) LIMIT 3000").query(String.class).list();
        List<String> categories = jdbc.sql("SELECT path FROM categories").query(String.class).list();
        List<String> brands = jdbc.sql("SELECT name FROM brands").query(String.class).list();
        var random = new SplittableRandom(7);
        List<SearchQuery> queries = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            String[] words = titles.get(random.nextInt(titles.size())).toLowerCase(Locale.ROOT).split("\\s+");
            String word = words[random.nextInt(words.length)];
            int kind = random.nextInt(100);
            if (kind < 40) {
                queries.add(SearchQuery.text(word));
            } else if (kind < 70 && words.length > 1) {
                int at = random.nextInt(words.length - 1);
                queries.add(SearchQuery.text(words[at] + " " + words[at + 1]));
            } else if (kind < 90) {
                SearchQuery query = SearchQuery.text(word);
                queries.add(switch (random.nextInt(4)) {
                    case 0 -> query.withCategory(categories.get(random.nextInt(categories.size())).split("/")[0]);
                    case 1 -> query.withBrands(List.of(brands.get(random.nextInt(brands.size()))));
                    case 2 -> query.withPrice(new BigDecimal("25"), new BigDecimal("100"));
                    default -> query.withMinRating(new BigDecimal("4"));
                });
            } else {
                queries.add(SearchQuery.text("").withCategory(categories.get(random.nextInt(categories.size()))));
            }
        }
        return queries;
    }

    private record Result(double qps, Latencies.Summary latency) {
    }

    private Result measure(String engine, Function<SearchQuery, SearchResult> search, List<SearchQuery> mix) throws InterruptedException {
        run(search, mix, settings.warmup(), new AtomicLong());
        AtomicLong hits = new AtomicLong();
        List<Latencies> samples = new ArrayList<>();
        long started = System.nanoTime();
        int queries = run(search, mix, settings.duration(), hits, samples);
        double seconds = seconds(started);
        var latency = Latencies.summarize(samples);
        out.printf(Locale.ROOT, "search %s products=%d clients=%d seconds=%.0f queries=%d qps=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.1f mean_total_hits=%.0f%n",
                engine, settings.searchProducts(), settings.searchClients(), seconds, queries, queries / seconds,
                latency.p50Ms(), latency.p99Ms(), latency.maxMs(), queries == 0 ? 0.0 : hits.get() / (double) queries);
        return new Result(queries / seconds, latency);
    }

    private int run(Function<SearchQuery, SearchResult> search, List<SearchQuery> mix, Duration duration, AtomicLong hits) throws InterruptedException {
        return run(search, mix, duration, hits, new ArrayList<>());
    }

    /** Closed loop: each client sends its next query when the last one is answered, until the time is up. */
    private int run(Function<SearchQuery, SearchResult> search, List<SearchQuery> mix, Duration duration, AtomicLong hits,
                    List<Latencies> samples) throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        AtomicLong done = new AtomicLong();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < settings.searchClients(); c++) {
            Latencies latencies = new Latencies();
            samples.add(latencies);
            int offset = c * (mix.size() / settings.searchClients());
            clients.add(Thread.ofPlatform().name("search-client-" + c).start(() -> {
                for (int i = offset; System.nanoTime() < deadline; i++) {
                    long sent = System.nanoTime();
                    SearchResult result = search.apply(mix.get(i % mix.size()));
                    latencies.add(System.nanoTime() - sent);
                    hits.addAndGet(result.total());
                    done.incrementAndGet();
                }
            }));
        }
        for (Thread client : clients) {
            client.join();
        }
        return (int) done.get();
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
