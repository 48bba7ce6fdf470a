package dev.mercato.platform.database;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
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
    BatchDatabase batchDatabase(DataSource main, BatchDatabaseSettings settings) throws java.sql.SQLException {
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
        return new BatchDatabase(batch);
    }
}
