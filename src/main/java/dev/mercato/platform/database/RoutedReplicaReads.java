package dev.mercato.platform.database;

import java.util.Map;
import java.util.function.Function;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@link ReplicaReads} over an optional {@link ReplicaDatabase}. Counts where each read was served,
 * {@code database_replica_reads_total{target=replica|primary}}, and why a read went to the primary
 * although a replica is configured, {@code database_replica_fallbacks_total{reason}}: the replica is
 * {@code unreachable}, {@code lagging} past the limit, or failed this read with an {@code error}
 * (for instance a query cancelled because it conflicted with recovery). The replica's lag is the
 * gauge {@code database_replica_lag_seconds} (0 when no replica is configured). Every series exists
 * from start-up at 0.
 */
final class RoutedReplicaReads implements ReplicaReads {

    private final JdbcClient primary;
    private final ReplicaDatabase replica;
    private final Counter onReplica;
    private final Counter onPrimary;
    private final Map<String, Counter> fallbacks;

    RoutedReplicaReads(JdbcClient primary, ReplicaDatabase replica, MeterRegistry registry) {
        this.primary = primary;
        this.replica = replica;
        this.onReplica = reads(registry, "replica");
        this.onPrimary = reads(registry, "primary");
        this.fallbacks = Map.of(
                "unreachable", fallbacks(registry, "unreachable"),
                "lagging", fallbacks(registry, "lagging"),
                "error", fallbacks(registry, "error"));
        Gauge.builder("database_replica_lag_seconds", this, reads -> reads.replica == null ? 0 : reads.replica.lag().toMillis() / 1000.0)
                .description("how far the read replica is behind the primary; 0 without a replica").register(registry);
    }

    @Override
    public <T> T read(Function<JdbcClient, T> read) {
        if (replica != null) {
            switch (replica.state()) {
                case USABLE -> {
                    try {
                        T answer = read.apply(replica.jdbc());
                        onReplica.increment();
                        return answer;
                    } catch (DataAccessResourceFailureException e) {
                        replica.unreachable(e);
                        fallbacks.get("unreachable").increment();
                    } catch (TransientDataAccessException e) {
                        fallbacks.get("error").increment();
                    }
                }
                case LAGGING -> fallbacks.get("lagging").increment();
                case UNREACHABLE -> fallbacks.get("unreachable").increment();
            }
        }
        T answer = read.apply(primary);
        onPrimary.increment();
        return answer;
    }

    private static Counter reads(MeterRegistry registry, String target) {
        return Counter.builder("database_replica_reads").description("reads that may be served by the read replica, by where they were served")
                .tag("target", target).register(registry);
    }

    private static Counter fallbacks(MeterRegistry registry, String reason) {
        return Counter.builder("database_replica_fallbacks").description("replica reads served by the primary instead, by why")
                .tag("reason", reason).register(registry);
    }
}
