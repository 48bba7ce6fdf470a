package dev.mercato.platform.database;

import java.time.Duration;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Slow-query logging for the statements whose cost depends on what a shopper asks for: browse and
 * search filters, flash-sale claims and the claimed prices every cart and checkout reads. A caller
 * names its statement once ({@link #named}) and times each run; a run slower than
 * {@code mercato.platform.slow-query-threshold} (200 ms) is logged at WARN as
 * {@code slow query operation=... elapsedMs=... shape=...} and counted in
 * {@code database_slow_queries_total{operation}}.
 *
 * <p>The shape is the statement's SQL text as run, which in Mercato carries every value as a named
 * bound parameter ({@code :category}, {@code :brands}), so it says which filters were combined and
 * how, never what a shopper typed: no search words, owners or ids reach the log. Callers must keep it
 * so (never format a value into the SQL they pass).
 */
@Component
@EnableConfigurationProperties(SlowQuerySettings.class)
public final class SlowQueries {

    private static final Logger log = LoggerFactory.getLogger(SlowQueries.class);
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final Duration threshold;
    private final MeterRegistry registry;

    SlowQueries(SlowQuerySettings settings, MeterRegistry registry) {
        this.threshold = settings.slowQueryThreshold();
        this.registry = registry;
    }

    /** A statement to time under {@code operation} (e.g. {@code catalog.browse}); its counter exists from now on, at 0. */
    public SlowQuery named(String operation) {
        return new SlowQuery(operation, Counter.builder("database_slow_queries").tag("operation", operation)
                .description("timed queries slower than the slow-query threshold").register(registry));
    }

    /** One named statement; thread-safe. */
    public final class SlowQuery {

        private final String operation;
        private final Counter slow;

        private SlowQuery(String operation, Counter slow) {
            this.operation = operation;
            this.slow = slow;
        }

        /** Runs {@code query}, whose SQL text is {@code sql}, and logs it if it was slow (also when it failed). */
        public <T> T time(String sql, Supplier<T> query) {
            long started = System.nanoTime();
            try {
                return query.get();
            } finally {
                long nanos = System.nanoTime() - started;
                if (nanos > threshold.toNanos()) {
                    slow.increment();
                    String shape = WHITESPACE.matcher(sql).replaceAll(" ").strip();
                    log.atWarn().addKeyValue("operation", operation).addKeyValue("elapsedMs", nanos / 1_000_000)
                            .addKeyValue("shape", shape)
                            .log("slow query operation={} elapsedMs={} shape={}", operation, nanos / 1_000_000, shape);
                }
            }
        }
    }
}
