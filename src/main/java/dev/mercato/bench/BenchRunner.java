package dev.mercato.bench;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.mercato.catalog.DemoCatalogFiles;
import dev.mercato.inventory.ReservationEngine;
import dev.mercato.platform.cache.Caches;
import dev.mercato.search.SearchEngines;

/**
 * Runs the benchmark named by {@code mercato.bench.scenario} once Mercato is up, prints the figures
 * to standard output and to {@code target/bench/<scenario>.txt}, then stops the application.
 */
@Component
@Order(100)
class BenchRunner implements ApplicationRunner {

    private final BenchSettings settings;
    private final Map<String, ReservationEngine> engines;
    private final JdbcClient jdbc;
    private final Environment environment;
    private final ConfigurableApplicationContext context;
    private final MeterRegistry meters;
    private final SearchEngines searchEngines;
    private final DemoCatalogFiles demoFiles;
    private final Caches caches;
    private FlashSaleScenarios.Result rowLockInProcess;

    BenchRunner(BenchSettings settings, Map<String, ReservationEngine> engines, JdbcClient jdbc, Environment environment,
            ConfigurableApplicationContext context, MeterRegistry meters, SearchEngines searchEngines, DemoCatalogFiles demoFiles,
            Caches caches) {
        this.caches = caches;
        this.meters = meters;
        this.searchEngines = searchEngines;
        this.demoFiles = demoFiles;
        this.settings = settings;
        this.engines = engines;
        this.jdbc = jdbc;
        this.environment = environment;
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        if (settings.scenario() == null || settings.scenario().isBlank()) {
            return;
        }
        Path report = Path.of("target", "bench", settings.scenario() + ".txt");
        Files.createDirectories(report.getParent());
        int exit = 0;
        try (OutputStream file = new FileOutputStream(report.toFile())) {
            PrintStream out = new PrintStream(new Tee(System.out, file), true);
            BenchShop shop = new BenchShop(HttpClient.newHttpClient(), environment.getProperty("local.server.port", Integer.class),
                    jdbc);
            shop.login(environment.getProperty("mercato.admin.email"), environment.getProperty("mercato.admin.password"));
            Set<String> wanted = Set.of(settings.scenario().split(","));
            FlashSaleScenarios flashSale = new FlashSaleScenarios(settings, shop, out, meters, jdbc, cpuMeter());
            run(flashSale, wanted);
            if (wanted.contains("two-nodes")) {
                new TwoNodesScenario(settings, shop, out, flashSale, context.getBean(com.zaxxer.hikari.HikariDataSource.class)).run();
            }
            if (wanted.contains("catalog") || wanted.contains("availability")) {
                CatalogScenario reads = new CatalogScenario(settings, shop, out, jdbc, demoFiles, caches,
                        environment.getProperty("local.server.port", Integer.class));
                reads.prepare();
                reads.clientAlone();
                if (wanted.contains("catalog")) {
                    reads.detail();
                    reads.lists();
                }
                if (wanted.contains("availability")) {
                    reads.availability();
                }
            }
            if (wanted.contains("checkout")) {
                new CheckoutScenario(settings, shop, out, jdbc, cpuMeter()).run();
            }
            if (wanted.contains("search")) {
                new SearchScenario(settings, shop, out, jdbc, searchEngines, demoFiles).run();
            }
            out.println("report written to " + report.toAbsolutePath());
        } catch (RuntimeException | InterruptedException | IOException e) {
            e.printStackTrace();
            exit = 1;
        }
        int code = exit;
        System.exit(SpringApplication.exit(context, () -> code));
    }

    /**
     * The HTTP sale runs before the in-process coalescing design: that one grants about a hundred
     * thousand holds a second, and the millions of hold rows it leaves (their indexes included) made
     * the HTTP sale after it pay twice the database CPU per grant (0.61 ms against 0.28 on its own:
     * 2,353 grants/s against about 3,200). The row-lock design's few rows go first, as the HTTP
     * sale's baseline.
     */
    private void run(FlashSaleScenarios flashSale, Set<String> wanted) throws InterruptedException {
        boolean all = wanted.contains("all");
        ReservationEngine coalescing = engines.get("coalescing");
        ReservationEngine rowLock = engines.get("rowLock");
        boolean inProcess = all || wanted.contains("flash-sale");
        if (inProcess || wanted.contains("flash-sale-http")) {
            rowLockInProcess = flashSale.inProcess("row-lock", rowLock);
        }
        if (all || wanted.contains("flash-sale-http")) {
            var http = flashSale.overHttp("coalesced");
            flashSale.ratio("flash-sale-http", "coalesced-http", "row-lock-in-process", http.grantsPerSecond() / rowLockInProcess.grantsPerSecond());
        }
        if (inProcess) {
            var coalesced = flashSale.inProcess("coalesced", coalescing);
            flashSale.ratio("flash-sale", "coalesced", "row-lock", coalesced.grantsPerSecond() / rowLockInProcess.grantsPerSecond());
        }
        if (all || wanted.contains("flash-sale-scarce")) {
            double coalesced = flashSale.scarce("coalesced", coalescing);
            double locked = flashSale.scarce("row-lock", rowLock);
            flashSale.ratio("flash-sale-scarce", "row-lock-sell-out-time", "coalesced-sell-out-time", locked / coalesced);
        }
    }

    private CpuMeter cpuMeter() {
        // the server's own answer: readable from /proc only when it runs on this machine (the embedded one does)
        return new CpuMeter(Path.of(jdbc.sql("SHOW data_directory").query(String.class).single()));
    }

    /** Writes the report to the console and the file at once. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int value) throws IOException {
            a.write(value);
            b.write(value);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            a.write(bytes, offset, length);
            b.write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            a.flush();
            b.flush();
        }
    }
}
