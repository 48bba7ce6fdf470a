package dev.mercato.platform.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Durable progress of background jobs. Progress is written to PostgreSQL as the job goes, so an
 * admin polling {@code GET /api/admin/jobs/{id}} sees it from any node, and a job whose process
 * died is reported as interrupted instead of running forever. Stores at most
 * {@value #MAX_STORED_ERRORS} item errors per job.
 */
@Component
public class Jobs {

    static final int MAX_STORED_ERRORS = 1000;
    private static final Duration STALE_AFTER = Duration.ofMinutes(2);
    private static final Logger log = LoggerFactory.getLogger(Jobs.class);

    private final JdbcClient jdbc;
    private final Clock clock;

    Jobs(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public JobId start(String kind, long total, UUID createdBy) {
        JobId id = JobId.random();
        Instant now = clock.instant();
        jdbc.sql("""
                INSERT INTO jobs (id, kind, status, total, created_by, started_at, heartbeat_at)
                VALUES (:id, :kind, 'running', :total, :createdBy, :now, :now)""")
                .param("id", id.value()).param("kind", kind).param("total", total)
                .param("createdBy", createdBy).param("now", java.sql.Timestamp.from(now))
                .update();
        log.info("job started jobId={} kind={} total={}", id, kind, total);
        return id;
    }

    /** Adds to the counters and records item errors; called once per batch, not per item. */
    @Transactional
    public void advance(JobId id, long processed, List<JobError> errors) {
        jdbc.sql("""
                UPDATE jobs SET processed = processed + :processed, failed = failed + :failed, heartbeat_at = :now
                WHERE id = :id""")
                .param("processed", processed).param("failed", errors.size())
                .param("now", java.sql.Timestamp.from(clock.instant())).param("id", id.value())
                .update();
        if (errors.isEmpty()) {
            return;
        }
        long stored = jdbc.sql("SELECT count(*) FROM job_errors WHERE job_id = :id")
                .param("id", id.value()).query(Long.class).single();
        errors.stream().limit(Math.max(0, MAX_STORED_ERRORS - stored)).forEach(error -> jdbc.sql("""
                INSERT INTO job_errors (job_id, line, message) VALUES (:id, :line, :message)
                ON CONFLICT DO NOTHING""")
                .param("id", id.value()).param("line", error.line()).param("message", truncate(error.message()))
                .update());
    }

    public void complete(JobId id) {
        finish(id, "completed", null);
    }

    public void fail(JobId id, String message) {
        finish(id, "failed", message);
    }

    private void finish(JobId id, String status, String message) {
        jdbc.sql("UPDATE jobs SET status = :status, message = :message, finished_at = :now, heartbeat_at = :now WHERE id = :id")
                .param("status", status).param("message", message)
                .param("now", java.sql.Timestamp.from(clock.instant())).param("id", id.value())
                .update();
        find(id).ifPresent(job -> log.info("job finished jobId={} kind={} status={} processed={} failed={} total={} itemsPerSecond={}",
                job.id(), job.kind(), job.status(), job.processed(), job.failed(), job.total(),
                Math.round(job.itemsPerSecond())));
    }

    /** Marks running jobs whose worker stopped sending heartbeats (a crashed node) as interrupted. */
    public int markAbandonedJobsInterrupted() {
        return jdbc.sql("""
                UPDATE jobs SET status = 'interrupted', finished_at = :now,
                       message = 'the node running this job stopped before it finished'
                WHERE status = 'running' AND heartbeat_at < :staleBefore""")
                .param("now", java.sql.Timestamp.from(clock.instant()))
                .param("staleBefore", java.sql.Timestamp.from(clock.instant().minus(STALE_AFTER)))
                .update();
    }

    public Optional<JobProgress> find(JobId id) {
        return jdbc.sql("SELECT * FROM jobs WHERE id = :id").param("id", id.value())
                .query((rs, n) -> {
                    Instant started = rs.getTimestamp("started_at").toInstant();
                    var finishedTs = rs.getTimestamp("finished_at");
                    Instant finished = finishedTs == null ? null : finishedTs.toInstant();
                    long processed = rs.getLong("processed");
                    double seconds = Duration.between(started, finished == null ? clock.instant() : finished).toMillis() / 1000.0;
                    List<JobError> errors = errors(id);
                    return new JobProgress(id.toString(), rs.getString("kind"), rs.getString("status"), processed,
                            rs.getLong("total"), rs.getLong("failed"), errors, rs.getLong("failed") > errors.size(),
                            rs.getString("message"), started, finished, seconds > 0 ? processed / seconds : 0);
                })
                .optional();
    }

    private List<JobError> errors(JobId id) {
        return jdbc.sql("SELECT line, message FROM job_errors WHERE job_id = :id ORDER BY line")
                .param("id", id.value())
                .query((rs, n) -> new JobError(rs.getLong("line"), rs.getString("message")))
                .list();
    }

    private static String truncate(String message) {
        return message.length() <= 500 ? message : message.substring(0, 500) + "...";
    }
}
