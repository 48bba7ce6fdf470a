package dev.mercato.platform.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class SlowQueriesTests {

    private static final String SEARCH = """
            SELECT p.id FROM searchable_products p
            WHERE p.search_vector @@ to_tsquery('english', :w0)
              AND p.brand = ANY (:brands)   AND p.price >= :minPrice
            LIMIT :limit""";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(SlowQueries.class);

    @BeforeEach
    void capture() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void release() {
        logger.detachAppender(logged);
    }

    @Test
    void aQueryOverTheThresholdIsLoggedByItsShapeAndCounted() {
        SlowQueries.SlowQuery search = new SlowQueries(new SlowQuerySettings(Duration.ZERO), registry).named("search.fallback");

        // the values a shopper sent travel as parameters; the log gets the statement only
        List<Long> rows = search.time(SEARCH, () -> slowly(List.of(1L)));

        assertThat(rows).containsExactly(1L);
        assertThat(logged.list).singleElement().satisfies(event -> {
            assertThat(event.getFormattedMessage())
                    .startsWith("slow query operation=search.fallback elapsedMs=")
                    .contains("shape=SELECT p.id FROM searchable_products p WHERE p.search_vector @@ to_tsquery('english', :w0) "
                            + "AND p.brand = ANY (:brands) AND p.price >= :minPrice LIMIT :limit");
            assertThat(event.getKeyValuePairs()).extracting(pair -> pair.key).containsExactly("operation", "elapsedMs", "shape");
        });
        assertThat(registry.get("database_slow_queries").tag("operation", "search.fallback").counter().count()).isEqualTo(1);
    }

    @Test
    void aQueryUnderTheThresholdIsNeitherLoggedNorCounted() {
        SlowQueries.SlowQuery browse = new SlowQueries(new SlowQuerySettings(Duration.ofSeconds(5)), registry).named("catalog.browse");

        browse.time("SELECT 1", () -> 1);

        assertThat(logged.list).isEmpty();
        assertThat(registry.get("database_slow_queries").tag("operation", "catalog.browse").counter().count()).isZero();
    }

    @Test
    void aSlowQueryThatFailsIsLoggedToo() {
        SlowQueries.SlowQuery claim = new SlowQueries(new SlowQuerySettings(Duration.ZERO), registry).named("promotions.claim");

        try {
            claim.time("UPDATE flash_sales SET claimed = claimed + :quantity WHERE id = :id", () -> {
                throw new IllegalStateException("deadlock");
            });
        } catch (IllegalStateException expected) {
            // the caller sees its failure unchanged
        }

        assertThat(logged.list).hasSize(1);
    }

    private static <T> T slowly(T value) {
        long until = System.nanoTime() + 1_000_000;
        while (System.nanoTime() < until) {
            Thread.onSpinWait(); // a query that takes a millisecond, past a zero threshold
        }
        return value;
    }
}
