package dev.mercato.inventory.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.mercato.catalog.Catalog;
import dev.mercato.platform.DemoMode;

/**
 * Gives the demo catalog stock in two warehouses, so a laptop user can fill a cart and check out
 * at once. Runs after the demo catalog (order 20), only in demo mode and only while no warehouse
 * exists. About one SKU in twenty starts sold out, as in a real shop. Every unit enters through
 * the ledger, like an admin's stock set.
 */
@Component
@Order(20)
class DemoStockLoader implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoStockLoader.class);
    private static final int BATCH = 5_000;

    private final DemoMode demoMode;
    private final Catalog catalog;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    DemoStockLoader(DemoMode demoMode, Catalog catalog, JdbcClient jdbc, TransactionTemplate transactions) {
        this.demoMode = demoMode;
        this.catalog = catalog;
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!demoMode.isOn() || jdbc.sql("SELECT count(*) FROM warehouses").query(Long.class).single() > 0) {
            return;
        }
        long main = jdbc.sql("INSERT INTO warehouses (code, name, priority) VALUES ('main', 'Main warehouse', 0) RETURNING id")
                .query(Long.class).single();
        long east = jdbc.sql("INSERT INTO warehouses (code, name, priority) VALUES ('east', 'East depot', 10) RETURNING id")
                .query(Long.class).single();
        SplittableRandom random = new SplittableRandom(7);
        String after = null;
        long skus = 0;
        List<String> page;
        while (!(page = catalog.sellableSkusAfter(after, BATCH)).isEmpty()) {
            List<String> codes = new ArrayList<>();
            List<Long> warehouses = new ArrayList<>();
            List<Long> quantities = new ArrayList<>();
            for (String sku : page) {
                boolean soldOut = random.nextInt(20) == 0;
                codes.add(sku);
                warehouses.add(main);
                quantities.add(soldOut ? 0L : 20L + random.nextInt(480));
                if (!soldOut && random.nextInt(3) == 0) {
                    codes.add(sku);
                    warehouses.add(east);
                    quantities.add(5L + random.nextInt(100));
                }
            }
            transactions.executeWithoutResult(tx -> insert(codes, warehouses, quantities));
            skus += page.size();
            after = page.getLast();
        }
        log.info("demo stock loaded skus={} warehouses=main,east", skus);
    }

    private void insert(List<String> skus, List<Long> warehouses, List<Long> quantities) {
        String[] skuArray = skus.toArray(String[]::new);
        Long[] warehouseArray = warehouses.toArray(Long[]::new);
        Long[] quantityArray = quantities.toArray(Long[]::new);
        jdbc.sql("INSERT INTO stock (sku, warehouse_id, quantity) SELECT * FROM unnest(:skus::text[], :warehouses::bigint[], :quantities::bigint[])")
                .param("skus", skuArray).param("warehouses", warehouseArray).param("quantities", quantityArray).update();
        jdbc.sql("""
                INSERT INTO stock_movements (sku, warehouse_id, quantity_delta, kind, reason, reference)
                SELECT sku, warehouse_id, quantity, 'set', 'demo stock', 'demo'
                FROM unnest(:skus::text[], :warehouses::bigint[], :quantities::bigint[]) AS t(sku, warehouse_id, quantity)""")
                .param("skus", skuArray).param("warehouses", warehouseArray).param("quantities", quantityArray).update();
    }
}
