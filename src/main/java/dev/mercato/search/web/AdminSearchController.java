package dev.mercato.search.web;

import java.net.URI;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.mercato.platform.jobs.JobId;
import dev.mercato.platform.security.Caller;
import dev.mercato.search.internal.IndexReconciler;
import dev.mercato.search.internal.SearchBreaker;
import dev.mercato.search.internal.SearchReindex;

@RestController
class AdminSearchController {

    private static final Logger log = LoggerFactory.getLogger(AdminSearchController.class);

    private final SearchReindex reindex;
    private final IndexReconciler reconciler;
    private final SearchBreaker breaker;

    AdminSearchController(SearchReindex reindex, IndexReconciler reconciler, SearchBreaker breaker) {
        this.reindex = reindex;
        this.reconciler = reconciler;
        this.breaker = breaker;
    }

    /** Rebuilds the index from the catalog in the background; progress at the job's location. */
    @PostMapping("/api/admin/search/reindex")
    ResponseEntity<Map<String, String>> reindex(@AuthenticationPrincipal Caller caller) {
        JobId job = reindex.start(caller.customerId());
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create("/api/admin/jobs/" + job))
                .body(Map.of("jobId", job.toString()));
    }

    /**
     * Compares database and index now (the same check the reconciler runs on its schedule). An
     * engine that does not answer is part of the status, not an error of this route: the answer is
     * still 200, with {@code reachable: false} and no counts, while search falls back to PostgreSQL.
     */
    @GetMapping("/api/admin/search/status")
    Map<String, Object> status() {
        String circuit = breaker.state().name().toLowerCase();
        try {
            IndexReconciler.Report report = reconciler.reconcile();
            return Map.of("engine", report.engine(), "reachable", true, "searchable", report.searchable(),
                    "indexed", report.indexed(), "drift", report.drift(), "circuitBreaker", circuit);
        } catch (RuntimeException unreachable) {
            log.warn("search status: the index did not answer error={}", unreachable.toString());
            Map<String, Object> status = new java.util.LinkedHashMap<>();
            status.put("engine", reconciler.engine());
            status.put("reachable", false);
            status.put("searchable", null);
            status.put("indexed", null);
            status.put("drift", null);
            status.put("circuitBreaker", circuit);
            return status;
        }
    }
}
