package dev.mercato.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.mercato.MercatoApplication;

/**
 * The HTTP flash sale on two Mercato nodes sharing this node's database: a second node is started
 * in this JVM (its own web server, pools, caches, reservation engine and schedulers; the same
 * PostgreSQL), and the same buyers, each on one keep-alive connection, are split half per node as a
 * load balancer would. The one-node figure, all buyers on this node, is measured first in the same
 * run as the baseline. Both then end with a drop (stock {@code scarce-stock}, one attempt per buyer,
 * split across both nodes) that must grant exactly the stock. Oversold units and reserved counters
 * against live holds are checked in the database after each run.
 *
 * <p>On one 2-core machine two nodes cannot be faster than one (they share the cores and the
 * database); the figure says what running two costs and that the sale stays exact, not how far
 * they scale on machines of their own.
 */
final class TwoNodesScenario {

    private final BenchSettings settings;
    private final BenchShop shop;
    private final PrintStream out;
    private final FlashSaleScenarios flashSale;
    private final HikariDataSource database;

    TwoNodesScenario(BenchSettings settings, BenchShop shop, PrintStream out, FlashSaleScenarios flashSale, HikariDataSource database) {
        this.settings = settings;
        this.shop = shop;
        this.out = out;
        this.flashSale = flashSale;
        this.database = database;
    }

    void run() throws InterruptedException {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < settings.buyers(); i++) {
            tokens.add(shop.guestToken());
        }
        long started = System.nanoTime();
        try (ConfigurableApplicationContext second = secondNode()) {
            out.printf(Locale.ROOT, "two-nodes second-node started_ms=%d%n", (System.nanoTime() - started) / 1_000_000);
            int[] one = {shop.port()};
            int[] both = {shop.port(), Integer.parseInt(second.getEnvironment().getProperty("local.server.port"))};

            var baseline = flashSale.overHttpSplit("one-node", one, tokens);
            report("one-node", baseline, scarce("one-node", one, tokens));
            var split = flashSale.overHttpSplit("two-nodes", both, tokens);
            String drop = scarce("two-nodes", both, tokens);
            out.printf(Locale.ROOT, "two-nodes grants_per_s=%.0f one_node_grants_per_s=%.0f ratio=%.2f oversold=%d reserved_matches_holds=%s"
                            + " p50_ms=%.2f p99_ms=%.2f max_ms=%.1f buyers=%d seconds=%d %s%n",
                    split.grantsPerSecond(), baseline.grantsPerSecond(), split.grantsPerSecond() / baseline.grantsPerSecond(),
                    oversold(split), consistent(split), split.latency().p50Ms(), split.latency().p99Ms(), split.latency().maxMs(),
                    settings.buyers(), settings.duration().toSeconds(), drop);
        }
    }

    private void report(String label, FlashSaleScenarios.Result result, String drop) {
        out.printf(Locale.ROOT, "two-nodes %s grants_per_s=%.0f oversold=%d reserved_matches_holds=%s p50_ms=%.2f p99_ms=%.2f max_ms=%.1f"
                        + " buyers=%d seconds=%d %s%n",
                label, result.grantsPerSecond(), oversold(result), consistent(result), result.latency().p50Ms(), result.latency().p99Ms(),
                result.latency().maxMs(), settings.buyers(), settings.duration().toSeconds(), drop);
    }

    /** The drop: {@code scarce_granted} must equal {@code scarce_stock} (buyers outnumber it), {@code scarce_oversold} 0. */
    private String scarce(String label, int[] ports, List<String> tokens) throws InterruptedException {
        long stock = Math.min(settings.scarceStock(), tokens.size() / 2);
        String sku = shop.sku("drop-" + label, stock);
        long granted = flashSale.scarceOverHttp(sku, ports, tokens);
        return String.format(Locale.ROOT, "scarce_stock=%d scarce_granted=%d scarce_oversold=%d scarce_reserved_matches_holds=%s",
                stock, granted, shop.oversold(sku), shop.reservedMatchesHolds(sku));
    }

    private long oversold(FlashSaleScenarios.Result result) {
        return result.skus().stream().mapToLong(shop::oversold).sum();
    }

    private boolean consistent(FlashSaleScenarios.Result result) {
        return result.skus().stream().allMatch(shop::reservedMatchesHolds);
    }

    /** A second node on this node's database: the bench profile without a scenario of its own, on a free port. */
    private ConfigurableApplicationContext secondNode() {
        return new SpringApplicationBuilder(MercatoApplication.class).profiles("bench").run("--server.port=0",
                "--spring.datasource.url=" + database.getJdbcUrl(), "--spring.datasource.username=" + database.getUsername(),
                "--spring.datasource.password=" + (database.getPassword() == null ? "" : database.getPassword()),
                "--mercato.bench.scenario=");
    }
}
