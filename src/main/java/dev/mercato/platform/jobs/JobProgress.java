package dev.mercato.platform.jobs;

import java.time.Instant;
import java.util.List;

/** What an admin sees of a job: how far it is, what failed, and how fast it went. */
public record JobProgress(
        String id,
        String kind,
        String status,
        long processed,
        long total,
        long failed,
        List<JobError> errors,
        boolean errorsTruncated,
        String message,
        Instant startedAt,
        Instant finishedAt,
        double itemsPerSecond) {
}
