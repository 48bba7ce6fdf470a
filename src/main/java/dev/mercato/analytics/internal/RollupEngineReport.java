package dev.mercato.analytics.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Says at start-up which rollup engine serves the sales figures. Only the plain PostgreSQL one
 * exists: when the TimescaleDB extension is installable the log says so, but no hypertable or
 * continuous-aggregate adapter of {@link SalesRollups} has been built (TimescaleDB cannot be
 * installed where Mercato is developed and tested, so such an adapter could not be tested here).
 */
@Component
class RollupEngineReport {

    private static final Logger log = LoggerFactory.getLogger(RollupEngineReport.class);

    private final JdbcClient jdbc;

    RollupEngineReport(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener(ApplicationReadyEvent.class)
    void report() {
        boolean timescale = jdbc.sql("SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb')")
                .query(Boolean.class).single();
        log.info("sales analytics engine=postgres-partitioned timescaledbAvailable={}{}", timescale,
                timescale ? " (not used: no TimescaleDB adapter is built)" : "");
    }
}
