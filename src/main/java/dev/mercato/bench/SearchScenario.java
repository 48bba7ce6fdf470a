package dev.mercato.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
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
        long present = jdbc.sql("SELECT count(*) FROM products").query(Long.class).single();
        if (present >= products && shop.adminGet("/api/admin/search/status").contains("\"drift\":0")) {
            // directories kept from an earlier run (see README): the query figures can be repeated
            // without paying for the import and the reindex again
            out.printf(Locale.ROOT, "search-import skipped: the catalog and the index already hold %d products%n", present);
        } else {
            importAndIndex(file, products);
            reindex(products);
        }
        // the warm-up draws its own queries: what the measured queries find is not cached by the warm-up
        List<MixQuery> warmup = queryMix(4000, 8);
        List<MixQuery> mix = queryMix(4000, 7);
        Result index = measure(engines.indexEngine(), engines::index, warmup, mix);
        Result postgres = measure("postgres", engines::postgres, warmup, mix);
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
        shop.awaitJob(job);
    }

    /** The kinds of query in the mix, reported separately too: the slow kind is the one to work on. */
    private enum Kind {
        WORD, TWO_WORDS, FILTERED, BROWSE
    }

    private record MixQuery(Kind kind, SearchQuery query) {
    }

    /**
     * What shoppers type, drawn from the catalog itself: single title words (40%), two adjacent
     * title words (30%), a word with a filter on category, brand, price or rating (20%), and a
     * category opened without text (10%). Facets are computed for every one.
     */
    private List<MixQuery> queryMix(int size, long seed) {
        List<String> titles = jdbc.sql("SELECT title FROM products TABLESAMPLE SYSTEM (1) REPEATABLE (:seed) LIMIT 3000")
                .param("seed", seed).query(String.class).list();
        List<String> categories = jdbc.sql("SELECT path FROM categories").query(String.class).list();
        List<String> brands = jdbc.sql("SELECT name FROM brands").query(String.class).list();
        var random = new SplittableRandom(seed);
        List<MixQuery> queries = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            String[] words = titles.get(random.nextInt(titles.size())).toLowerCase(Locale.ROOT).split("\\s+");
            String word = words[random.nextInt(words.length)];
            int kind = random.nextInt(100);
            if (kind < 40) {
                queries.add(new MixQuery(Kind.WORD, SearchQuery.text(word)));
            } else if (kind < 70 && words.length > 1) {
                int at = random.nextInt(words.length - 1);
                queries.add(new MixQuery(Kind.TWO_WORDS, SearchQuery.text(words[at] + " " + words[at + 1])));
            } else if (kind < 90) {
                SearchQuery query = SearchQuery.text(word);
                queries.add(new MixQuery(Kind.FILTERED, switch (random.nextInt(4)) {
                    case 0 -> query.withCategory(categories.get(random.nextInt(categories.size())).split("/")[0]);
                    case 1 -> query.withBrands(List.of(brands.get(random.nextInt(brands.size()))));
                    case 2 -> query.withPrice(new BigDecimal("25"), new BigDecimal("100"));
                    default -> query.withMinRating(new BigDecimal("4"));
                }));
            } else {
                queries.add(new MixQuery(Kind.BROWSE, SearchQuery.text("").withCategory(categories.get(random.nextInt(categories.size())))));
            }
        }
        return queries;
    }

    private record Result(double qps, Latencies.Summary latency) {
    }

    /** One client's samples, per kind of query. */
    private static final class Samples {
        final Map<Kind, Latencies> byKind = new EnumMap<>(Kind.class);
        final Map<Kind, Long> hitsByKind = new EnumMap<>(Kind.class);

        void add(Kind kind, long nanos, long hits) {
            byKind.computeIfAbsent(kind, k -> new Latencies()).add(nanos);
            hitsByKind.merge(kind, hits, Long::sum);
        }
    }

    private Result measure(String engine, Function<SearchQuery, SearchResult> search, List<MixQuery> warmup, List<MixQuery> mix)
            throws InterruptedException {
        run(search, warmup, settings.searchWarmup());
        long started = System.nanoTime();
        List<Samples> samples = run(search, mix, settings.duration());
        double seconds = seconds(started);
        var latency = Latencies.summarize(samples.stream().flatMap(s -> s.byKind.values().stream()).toList());
        long hits = samples.stream().flatMap(s -> s.hitsByKind.values().stream()).mapToLong(Long::longValue).sum();
        int queries = latency.samples();
        out.printf(Locale.ROOT, "search %s products=%d clients=%d seconds=%.0f queries=%d qps=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.1f mean_total_hits=%.0f%n",
                engine, settings.searchProducts(), settings.searchClients(), seconds, queries, queries / seconds,
                latency.p50Ms(), latency.p99Ms(), latency.maxMs(), queries == 0 ? 0.0 : hits / (double) queries);
        for (Kind kind : Kind.values()) {
            var ofKind = Latencies.summarize(samples.stream().map(s -> s.byKind.get(kind)).filter(Objects::nonNull).toList());
            long kindHits = samples.stream().mapToLong(s -> s.hitsByKind.getOrDefault(kind, 0L)).sum();
            out.printf(Locale.ROOT, "search %s kind=%s queries=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.1f mean_total_hits=%.0f%n",
                    engine, kind.name().toLowerCase(Locale.ROOT), ofKind.samples(), ofKind.p50Ms(), ofKind.p99Ms(), ofKind.maxMs(),
                    ofKind.samples() == 0 ? 0.0 : kindHits / (double) ofKind.samples());
        }
        return new Result(queries / seconds, latency);
    }

    /** Closed loop: each client sends its next query when the last one is answered, until the time is up. */
    private List<Samples> run(Function<SearchQuery, SearchResult> search, List<MixQuery> mix, Duration duration) throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        List<Samples> samples = new ArrayList<>();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < settings.searchClients(); c++) {
            Samples client = new Samples();
            samples.add(client);
            int offset = c * (mix.size() / settings.searchClients());
            clients.add(Thread.ofPlatform().name("search-client-" + c).start(() -> {
                for (int i = offset; System.nanoTime() < deadline; i++) {
                    MixQuery next = mix.get(i % mix.size());
                    long sent = System.nanoTime();
                    SearchResult result = search.apply(next.query());
                    client.add(next.kind(), System.nanoTime() - sent, result.total());
                }
            }));
        }
        for (Thread client : clients) {
            client.join();
        }
        return samples;
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
