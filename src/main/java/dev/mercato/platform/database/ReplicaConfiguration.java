package dev.mercato.platform.database;

import java.time.Clock;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reads that may be stale go through {@link ReplicaReads}, an explicit port, rather than a routing
 * {@code DataSource} keyed by read-only transactions: Mercato's read-only transactions include reads
 * that must see the caller's own writes (a cart right after adding to it, an order being tracked),
 * and product pages are cached when a write invalidates them, so a stale replica read there would be
 * kept for the cache's TTL. Routing by a transaction flag would send all of those to the replica the
 * day someone marks a method read-only; with the port, a read goes to the replica only where its
 * call site says so, which is visible in review and greppable.
 *
 * <p>The replica pool is not a {@code DataSource} bean (Flyway, the transaction manager and the
 * JdbcClient keep their single primary), starts even when the replica is down (its connections are
 * made lazily) and refuses writes on its connections (read-only).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReplicaSettings.class)
class ReplicaConfiguration {

    @Bean(destroyMethod = "close")
    @Conditional(ReplicaConfiguredCondition.class)
    ReplicaDatabase replicaDatabase(ReplicaSettings settings, DataSource main, JdbcClient primary, Clock clock, MeterRegistry registry)
            throws java.sql.SQLException {
        HikariDataSource primaryPool = main.unwrap(HikariDataSource.class);
        HikariDataSource pool = new HikariDataSource();
        pool.setPoolName("mercato-replica");
        pool.setJdbcUrl(settings.url());
        pool.setUsername(settings.username() != null ? settings.username() : primaryPool.getUsername());
        pool.setPassword(settings.password() != null ? settings.password() : primaryPool.getPassword());
        pool.setDriverClassName("org.postgresql.Driver");
        pool.setMaximumPoolSize(settings.poolSize());
        pool.setMinimumIdle(0);
        pool.setReadOnly(true);
        pool.setConnectionTimeout(Math.max(250, settings.connectTimeout().toMillis()));
        pool.setInitializationFailTimeout(-1); // a replica that is down at start must not stop Mercato
        pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        ReplicaDatabase replica = new ReplicaDatabase(pool, primary, new ReplicaLag(clock), settings.maxLag());
        return replica;
    }

    @Bean
    ReplicaReads replicaReads(JdbcClient primary, ObjectProvider<ReplicaDatabase> replica, MeterRegistry registry) {
        return new RoutedReplicaReads(primary, replica.getIfAvailable(), registry);
    }
}
