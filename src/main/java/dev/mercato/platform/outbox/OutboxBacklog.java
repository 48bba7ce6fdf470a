package dev.mercato.platform.outbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * How far event delivery is behind: {@code outbox_pending_events}, the publications in Spring
 * Modulith's registry ({@code event_publication}) not completed yet, and
 * {@code outbox_oldest_pending_age_seconds}, how long the oldest of them has waited. Completed
 * publications are deleted (completion-mode delete), so what is left is in flight, waiting for a
 * retry, or failed; a failed listener keeps its publication there until it is resubmitted, so its
 * age keeps growing, which is what the OutboxBacklogOld alert watches.
 *
 * <p>The table is read every {@code mercato.platform.outbox.sample-every} (15 s), not on every
 * scrape, so a scraper cannot load the database. The age is reckoned from the oldest publication
 * date seen at the last sample to the time of the scrape, so it overstates by at most one sample
 * interval when that publication completed meanwhile, and never understates a stuck one.
 */
@Component
class OutboxBacklog {

    private record Sample(long pending, Instant oldest) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AtomicReference<Sample> last = new AtomicReference<>(new Sample(0, null));

    OutboxBacklog(JdbcClient jdbc, Clock clock, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.clock = clock;
        Gauge.builder("outbox_pending_events", last, sample -> sample.get().pending())
                .description("event publications not completed yet, at the last sample").register(registry);
        Gauge.builder("outbox_oldest_pending_age_seconds", this, backlog -> backlog.oldestAge().toMillis() / 1000.0)
                .description("how long the oldest event publication not completed yet has waited; 0 when none")
                .register(registry);
    }

    @Scheduled(initialDelay = 0, fixedDelayString = OutboxSettings.SAMPLE_EVERY)
    void sample() {
        last.set(jdbc.sql("SELECT count(*) AS pending, min(publication_date) AS oldest FROM event_publication WHERE completion_date IS NULL")
                .query((rs, n) -> {
                    Timestamp oldest = rs.getTimestamp("oldest");
                    return new Sample(rs.getLong("pending"), oldest == null ? null : oldest.toInstant());
                }).single());
    }

    Duration oldestAge() {
        Instant oldest = last.get().oldest();
        if (oldest == null) {
            return Duration.ZERO;
        }
        Duration age = Duration.between(oldest, clock.instant());
        return age.isNegative() ? Duration.ZERO : age;
    }

    long pending() {
        return last.get().pending();
    }
}
