package dev.mercato.platform.database;

import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * The replica's connection pool and what Mercato knows of its health: reachable or not, and how far
 * behind the primary ({@link ReplicaLag}). {@link #check()} runs every
 * {@code mercato.datasource.replica.check-every}: it reads the primary's flushed WAL position, then
 * the position the replica has replayed. A replica that cannot be reached is {@code unreachable}
 * until a check reaches it again; a read that fails on it marks it so at once ({@link #unreachable}),
 * so the next reads do not each wait for a connection first.
 */
final class ReplicaDatabase implements AutoCloseable {

    enum State { USABLE, UNREACHABLE, LAGGING }

    private static final Logger log = LoggerFactory.getLogger(ReplicaDatabase.class);

    // a server not in recovery (pointed at the primary itself, or promoted) has replayed everything it has
    private static final String REPLAYED = """
            SELECT (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_flush_lsn() END
                    - '0/0'::pg_lsn)::bigint""";

    private final HikariDataSource pool;
    private final JdbcClient replica;
    private final JdbcClient primary;
    private final ReplicaLag lag;
    private final Duration maxLag;
    private volatile boolean reachable;

    ReplicaDatabase(HikariDataSource pool, JdbcClient primary, ReplicaLag lag, Duration maxLag) {
        this.pool = pool;
        this.replica = JdbcClient.create(pool);
        this.primary = primary;
        this.lag = lag;
        this.maxLag = maxLag;
    }

    JdbcClient jdbc() {
        return replica;
    }

    State state() {
        if (!reachable) {
            return State.UNREACHABLE;
        }
        return lag().compareTo(maxLag) > 0 ? State.LAGGING : State.USABLE;
    }

    Duration lag() {
        return lag.lag();
    }

    @Scheduled(fixedDelayString = ReplicaSettings.CHECK_EVERY)
    void check() {
        try {
            lag.primaryAt(primary.sql("SELECT (pg_current_wal_flush_lsn() - '0/0'::pg_lsn)::bigint").query(Long.class).single());
        } catch (DataAccessException e) {
            log.debug("replica check could not read the primary's WAL position: {}", e.getMessage());
        }
        try {
            Long replayed = replica.sql(REPLAYED).query(Long.class).single();
            lag.replayed(replayed == null ? -1 : replayed);
            if (!reachable) {
                log.info("replica reachable url={} lagMs={}", pool.getJdbcUrl(), lag().toMillis());
            }
            reachable = true;
        } catch (DataAccessException e) {
            unreachable(e);
        }
    }

    /** Marks the replica unreachable until the next check that reaches it. */
    void unreachable(Exception cause) {
        if (reachable) {
            log.warn("replica unreachable, reads go to the primary url={} cause={}", pool.getJdbcUrl(), cause.getMessage());
        }
        reachable = false;
    }

    @Override
    public void close() {
        pool.close();
    }
}
