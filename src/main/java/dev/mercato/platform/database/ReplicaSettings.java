package dev.mercato.platform.database;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A streaming read replica of the primary database, for the reads that tolerate being a little
 * behind ({@link ReplicaReads}). Unset {@code url}: every read goes to the primary.
 *
 * @param url            JDBC URL of the replica, e.g. {@code jdbc:postgresql://replica:5432/mercato}
 * @param username       its user; the primary's when unset
 * @param password       its password; the primary's when unset
 * @param maxLag         how far behind the primary the replica may be and still answer reads; past it they go to the primary
 * @param checkEvery     pause between two measurements of the replica's lag (and reachability)
 * @param poolSize       connections of the replica pool
 * @param connectTimeout how long a read waits for a replica connection before it goes to the primary
 */
@ConfigurationProperties("mercato.datasource.replica")
record ReplicaSettings(
        String url,
        String username,
        String password,
        @DefaultValue("10s") Duration maxLag,
        @DefaultValue("1s") Duration checkEvery,
        @DefaultValue("10") int poolSize,
        @DefaultValue("1s") Duration connectTimeout) {

    static final String CHECK_EVERY = "#{beanFactory.getBean(T(dev.mercato.platform.database.ReplicaSettings)).checkEvery()}";
}
