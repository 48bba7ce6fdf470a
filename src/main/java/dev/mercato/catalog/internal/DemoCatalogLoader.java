package dev.mercato.catalog.internal;

import java.io.IOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.mercato.catalog.DemoCatalogFiles;
import dev.mercato.catalog.internal.demo.DemoCatalog;
import dev.mercato.platform.DemoMode;

/**
 * Fills an empty catalog with the demo catalog, through the same importer (validation, batching,
 * job progress) that admin imports use. Runs before the application reports ready, so the first
 * request already sees the whole catalog. Does nothing when the catalog has products.
 */
@Component
@Order(10)
class DemoCatalogLoader implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoCatalogLoader.class);

    private final DemoSettings settings;
    private final DemoMode demoMode;
    private final ProductImporter importer;
    private final DraftValidator validator;
    private final JdbcClient jdbc;
    private final ConfigurableApplicationContext context;
    private final DemoCatalogFiles files;

    DemoCatalogLoader(DemoSettings settings, DemoMode demoMode, ProductImporter importer, DraftValidator validator, JdbcClient jdbc,
            ConfigurableApplicationContext context, DemoCatalogFiles files) {
        this.settings = settings;
        this.demoMode = demoMode;
        this.importer = importer;
        this.validator = validator;
        this.jdbc = jdbc;
        this.context = context;
        this.files = files;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        DemoCatalog catalog = new DemoCatalog(settings.products(), settings.seed());
        if (settings.exportFile() != null) {
            export(catalog);
            System.exit(SpringApplication.exit(context, () -> 0));
            return;
        }
        if (!demoMode.isOn()) {
            return;
        }
        long existing = jdbc.sql("SELECT count(*) FROM products").query(Long.class).single();
        if (existing > 0) {
            log.info("demo catalog not loaded: catalog already has products count={}", existing);
            return;
        }
        log.info("loading demo catalog products={} seed={}", catalog.size(), settings.seed());
        long started = System.nanoTime();
        var job = importer.importNow(new ProductDraftIterator(catalog.iterator(), validator), catalog.size(), "demo-catalog");
        long millis = (System.nanoTime() - started) / 1_000_000;
        log.info("demo catalog loaded products={} millis={} productsPerSecond={} jobId={}", catalog.size(), millis,
                catalog.size() * 1000L / Math.max(millis, 1), job);
    }

    private void export(DemoCatalog catalog) throws IOException {
        files.writeJsonLines(settings.exportFile(), catalog.size(), settings.seed());
        log.info("demo catalog exported products={} file={}", catalog.size(), settings.exportFile().toAbsolutePath());
    }
}
