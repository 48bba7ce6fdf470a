package dev.mercato.orders.web;

import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.mercato.orders.internal.Archival;
import dev.mercato.platform.jobs.JobId;
import dev.mercato.platform.security.Caller;
import dev.mercato.platform.web.FieldError;
import dev.mercato.platform.web.ProblemException;

@RestController
class ArchivalController {

    private final Archival archival;

    ArchivalController(Archival archival) {
        this.archival = archival;
    }

    /** @param before RFC 3339; absent: now minus the retention */
    record ArchivalRun(String before) {
    }

    /** Starts a run now (the monthly job's work); its progress is at the job route. */
    @PostMapping("/api/admin/archival/runs")
    ResponseEntity<Map<String, String>> run(@AuthenticationPrincipal Caller caller, @RequestBody(required = false) ArchivalRun run) {
        Instant before = run == null || run.before() == null ? archival.defaultBefore() : parse(run.before());
        JobId job = archival.start(before, caller.customerId());
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create("/api/admin/jobs/" + job))
                .body(Map.of("jobId", job.toString(), "before", before.toString()));
    }

    private static Instant parse(String before) {
        try {
            return OffsetDateTime.parse(before).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("invalid-before", "before must be an RFC 3339 time such as 2024-01-01T00:00:00Z")
                    .with("errors", java.util.List.of(new FieldError("before", "must be an RFC 3339 time")));
        }
    }
}
