package dev.mercato.platform.database;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the PostgreSQL server Mercato starts itself when no external database is configured
 * ({@code spring.datasource.url} unset).
 *
 * @param dataDirectory where the cluster lives; it survives restarts and is created on first start
 * @param port          0 picks a free port
 * @param startupWait   how long to wait for the server to accept connections
 * @param serverConfig  extra {@code postgresql.conf} settings ({@code -c name=value})
 */
@ConfigurationProperties("mercato.platform.embedded-postgres")
public record EmbeddedPostgresSettings(
        @DefaultValue("./data/postgres") Path dataDirectory,
        @DefaultValue("0") int port,
        @DefaultValue("60s") Duration startupWait,
        Map<String, String> serverConfig) {

    public EmbeddedPostgresSettings {
        serverConfig = serverConfig == null ? Map.of() : Map.copyOf(serverConfig);
    }
}
