package dev.mercato.platform.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server process owned by this application: started on construction, stopped by
 * {@link #close()}. The cluster is initialised only when the data directory is new, so data
 * written before a restart is still there after it.
 *
 * <p>Crash safety: the directory is locked for this process ({@link DataDirectoryLock}), so a
 * second Mercato on it is refused with a clear message. A server left running there by a Mercato
 * that died (SIGKILL, the OOM killer) is stopped before ours starts ({@link Postmaster}), and while
 * we run, a watchdog stops the server if this JVM dies without closing it ({@link PostmasterWatchdog}).
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final DataDirectoryLock lock;
    private final Optional<PostmasterWatchdog> watchdog;

    public EmbeddedPostgresServer(EmbeddedPostgresSettings settings) {
        this.dataDirectory = settings.dataDirectory().toAbsolutePath().normalize();
        boolean fresh = !Files.exists(dataDirectory.resolve("PG_VERSION"));
        long started = System.nanoTime();
        try {
            Files.createDirectories(dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create " + dataDirectory, e);
        }
        this.lock = DataDirectoryLock.acquire(dataDirectory);
        try {
            stopOrphanedServer();
            this.postgres = start(settings);
        } catch (RuntimeException e) {
            closeQuietly(lock);
            throw e;
        }
        this.watchdog = Postmaster.pidIn(dataDirectory).flatMap(PostmasterWatchdog::watch);
        log.info("embedded PostgreSQL started port={} dataDirectory={} freshCluster={} startupMs={} watchdogPid={}",
                postgres.getPort(), dataDirectory, fresh, (System.nanoTime() - started) / 1_000_000,
                watchdog.map(PostmasterWatchdog::pid).orElse(-1L));
    }

    private void stopOrphanedServer() {
        Postmaster.runningIn(dataDirectory).ifPresent(orphan -> {
            // we hold the directory's lock, so the Mercato that started this server is dead
            log.warn("stopping PostgreSQL left running by a Mercato that died pid={} dataDirectory={}", orphan.pid(), dataDirectory);
            orphan.stop();
            log.info("orphaned PostgreSQL stopped pid={}", orphan.pid());
        });
    }

    private EmbeddedPostgres start(EmbeddedPostgresSettings settings) {
        try {
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
            // the library starts the server with -F (no fsync): a commit would survive the process dying
            // but not the machine losing power. A later -c wins, so flushing is back on; only the test
            // profile turns it off again, for speed (its clusters are thrown away)
            builder.setServerConfig("fsync", "on");
            builder.setServerConfig("max_connections", "200");
            builder.setServerConfig("shared_buffers", "256MB");
            // a flash sale writes WAL at ~30 MB/s, a new 16 MB segment every half second; zero-filling each
            // one stalled the commit waiting behind it by 50-70 ms (p99 65-68 ms against 35-44 ms without,
            // flash-sale benchmark). Commits are still flushed; only a full disk now shows at write time
            builder.setServerConfig("wal_init_zero", "off");
            // room for two group commits of a thousand holds without backends writing WAL themselves
            builder.setServerConfig("wal_buffers", "64MB");
            settings.serverConfig().forEach(builder::setServerConfig);
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            log.warn("could not release {} error={}", closeable, e.toString());
        }
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
        try {
            postgres.close();
            // pg_ctl gives a fast shutdown 5 s, then returns with the server still writing its checkpoint
            Postmaster.runningIn(dataDirectory).ifPresent(Postmaster::stop);
        } finally {
            // the watchdog goes last: a JVM that dies half-way through this close still has it. While
            // the JVM lives it does nothing, so it cannot signal the server's pid after it is reused
            watchdog.ifPresent(PostmasterWatchdog::close);
            lock.close();
        }
        log.info("embedded PostgreSQL stopped dataDirectory={}", dataDirectory);
    }
}
