package dev.mercato.platform.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server process owned by this application: started on construction, stopped by
 * {@link #close()}. The cluster is initialised only when the data directory is new, so data
 * written before a restart is still there after it.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    public EmbeddedPostgresServer(EmbeddedPostgresSettings settings) {
        this.dataDirectory = settings.dataDirectory().toAbsolutePath().normalize();
        boolean fresh = !Files.exists(dataDirectory.resolve("PG_VERSION"));
        long started = System.nanoTime();
        try {
            Files.createDirectories(dataDirectory);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(settings.startupWait())
                    // the application context closes the server; a JVM hook would race Hikari on shutdown
                    .setRegisterShutdownHook(false);
            if (settings.port() > 0) {
                builder.setPort(settings.port());
            }
            // durable by default: a commit acknowledged to a shopper survives a crash
            builder.setServerConfig("synchronous_commit", "on");
            builder.setServerConfig("max_connections", "200");
            builder.setServerConfig("shared_buffers", "256MB");
            // a flash sale writes WAL at ~30 MB/s, a new 16 MB segment every half second; zero-filling each
            // one stalled the commit waiting behind it by 50-70 ms (p99 65-68 ms against 35-44 ms without,
            // flash-sale benchmark). Commits are still flushed; only a full disk now shows at write time
            builder.setServerConfig("wal_init_zero", "off");
            // room for two group commits of a thousand holds without backends writing WAL themselves
            builder.setServerConfig("wal_buffers", "64MB");
            settings.serverConfig().forEach(builder::setServerConfig);
            this.postgres = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL in " + dataDirectory, e);
        }
        log.info("embedded PostgreSQL started port={} dataDirectory={} freshCluster={} startupMs={}",
                postgres.getPort(), dataDirectory, fresh, (System.nanoTime() - started) / 1_000_000);
    }

    public String jdbcUrl(String database) {
        return postgres.getJdbcUrl("postgres", database);
    }

    public int port() {
        return postgres.getPort();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public void close() throws IOException {
        postgres.close();
        log.info("embedded PostgreSQL stopped dataDirectory={}", dataDirectory);
    }
}
