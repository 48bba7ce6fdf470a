package dev.mercato.platform.database;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The batch pool points at the same database as the main pool, embedded or external. Its default
 * size, 4, lets two hot SKUs each keep two batches in flight (the reservation engine's pipeline);
 * more SKUs at once take turns for connections, which costs them latency, not correctness.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BatchDatabaseSettings.class)
class BatchDatabaseConfiguration {

    @Bean(destroyMethod = "close")
    BatchDatabase batchDatabase(DataSource main, BatchDatabaseSettings settings, MeterRegistry registry) throws java.sql.SQLException {
        HikariDataSource primary = main.unwrap(HikariDataSource.class);
        HikariDataSource batch = new HikariDataSource();
        batch.setPoolName("mercato-batch");
        batch.setJdbcUrl(primary.getJdbcUrl());
        batch.setUsername(primary.getUsername());
        batch.setPassword(primary.getPassword());
        batch.setDriverClassName(primary.getDriverClassName());
        batch.setMaximumPoolSize(settings.batchPoolSize());
        batch.setMinimumIdle(1);
        batch.setConnectionTimeout(5_000);
        // hikaricp_* with pool="mercato-batch", beside the main pool's: the DatabasePool* alerts and the
        // dashboard see a batch pool that saturates (a flash sale's group commits queueing) as well
        batch.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        return new BatchDatabase(batch);
    }
}
