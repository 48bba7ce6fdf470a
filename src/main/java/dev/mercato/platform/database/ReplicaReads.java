package dev.mercato.platform.database;

import java.util.function.Function;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Where reads that may be a little stale go: a streaming replica when one is configured
 * ({@code mercato.datasource.replica.url}), reachable and no further behind the primary than
 * {@code mercato.datasource.replica.max-lag}; the primary otherwise. Browse listings, the search
 * fallback and analytics use it. Everything else, and every read that must see its own writes (a
 * customer's cart and orders, an admin's product after saving it, anything cached on a write's
 * invalidation), uses the ordinary {@link JdbcClient}, which is always the primary.
 *
 * <p>The read must not write (the replica refuses writes) and must not run inside a transaction
 * that expects to see it on the primary: it gets its own connection. When the replica fails it (no
 * connection, the server went away, a query cancelled by recovery), the same read is run again on
 * the primary, so it must be safe to repeat, as reads are. Reads that went to the primary because
 * of the replica are counted in {@code database_replica_fallbacks_total{reason}}.
 */
public interface ReplicaReads {

    /** Runs {@code read} against the replica if it may answer, else (or when it fails) against the primary. */
    <T> T read(Function<JdbcClient, T> read);
}
