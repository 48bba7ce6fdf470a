package dev.mercato.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.mercato.support.ApiTest;
import dev.mercato.support.Prometheus;

class OutboxBacklogTests extends ApiTest {

    @Autowired
    OutboxBacklog backlog;

    private final UUID stuck = UUID.randomUUID();

    @AfterEach
    void removeStuckPublication() {
        jdbc.sql("DELETE FROM event_publication WHERE id = :id").param("id", stuck).update();
        backlog.sample();
    }

    @Test
    void aPublicationNobodyCompletedShowsAsPendingWithItsAge() {
        // a listener that failed ten minutes ago leaves its publication like this
        jdbc.sql("""
                INSERT INTO event_publication (id, listener_id, event_type, serialized_event, publication_date, status, completion_attempts)
                VALUES (:id, 'test.StuckListener.on', 'dev.mercato.test.Stuck', '{}', :at, 'FAILED', 1)""")
                .param("id", stuck).param("at", Timestamp.from(Instant.now().minus(10, ChronoUnit.MINUTES))).update();

        backlog.sample();

        Prometheus prometheus = new Prometheus(api);
        assertThat(prometheus.value("outbox_pending_events")).isGreaterThanOrEqualTo(1);
        // at least this one's age; the shared context may hold an older one (a listener of an earlier test
        // class that timed out waiting for a connection on a loaded machine). Seconds, not milliseconds
        assertThat(prometheus.value("outbox_oldest_pending_age_seconds")).isBetween(600.0, 86_400.0);
    }

    @Test
    void completedPublicationsDoNotCount() {
        jdbc.sql("""
                INSERT INTO event_publication (id, listener_id, event_type, serialized_event, publication_date, completion_date, status)
                VALUES (:id, 'test.DoneListener.on', 'dev.mercato.test.Done', '{}', :at, :at, 'COMPLETED')""")
                .param("id", stuck).param("at", Timestamp.from(Instant.now().minus(1, ChronoUnit.HOURS))).update();

        backlog.sample();

        assertThat(backlog.oldestAge().toMinutes()).isLessThan(60);
    }
}
