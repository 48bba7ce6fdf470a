package dev.mercato.recommendations.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.mercato.platform.jobs.JobId;
import dev.mercato.platform.jobs.Jobs;

/**
 * Runs the rebuild of "customers also bought" as a background job with progress in
 * {@code platform.jobs}: nightly by {@code mercato.recommendations.rebuild-cron}, and whenever an
 * admin asks. Rebuilds queue behind each other on this node; the job's {@code processed} counts the
 * steps done of {@code total} (collect baskets, count orders per product, one step per chunk of
 * pairs, best-sellers, publish). Readers keep the previous ranking until the new one is published,
 * and the cached answers are dropped then.
 */
@Component
public class RecommendationRebuild implements DisposableBean {

    static final String JOB_KIND = "recommendations-rebuild";
    private static final Logger log = LoggerFactory.getLogger(RecommendationRebuild.class);
    /** A nightly run skips when a build started this recently (another node ran it). */
    private static final Duration RECENT = Duration.ofHours(1);

    private final CoPurchaseBuild build;
    private final RecommendedProducts recommended;
    private final Jobs jobs;
    private final Clock clock;
    private final RecommendationSettings settings;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("recommendations-rebuild").factory());

    RecommendationRebuild(CoPurchaseBuild build, RecommendedProducts recommended, Jobs jobs, Clock clock, RecommendationSettings settings) {
        this.build = build;
        this.recommended = recommended;
        this.jobs = jobs;
        this.clock = clock;
        this.settings = settings;
    }

    /** Starts a rebuild in the background and answers its job at once. */
    public JobId start(UUID requestedBy) {
        JobId job = jobs.start(JOB_KIND, settings.chunks() + 4, requestedBy);
        worker.submit(() -> {
            try {
                run(job);
            } catch (RuntimeException e) {
                log.error("recommendations rebuild failed jobId={}", job, e);
                jobs.fail(job, e.getMessage());
            }
        });
        return job;
    }

    @Scheduled(cron = RecommendationSettings.REBUILD_CRON)
    void nightly() {
        Instant now = clock.instant();
        if (build.lastFinishedStart().filter(last -> last.isAfter(now.minus(RECENT))).isPresent()) {
            log.info("recommendations rebuild skipped: a build started less than {} ago", RECENT);
            return;
        }
        start(null);
    }

    private void run(JobId job) {
        long started = System.nanoTime();
        Instant until = clock.instant();
        Instant since = until.minus(settings.window());
        long id = build.begin(job.value(), since, until, until);
        boolean published = false;
        try {
            long orders = build.collectBaskets(id, since, until);
            jobs.advance(job, 1, List.of());
            long products = build.countProductOrders(id, settings.maxBasket());
            jobs.advance(job, 1, List.of());
            long pairs = 0;
            for (int chunk = 0; chunk < settings.chunks(); chunk++) {
                pairs += build.rankPairs(id, chunk, settings.chunks(), settings.perProduct(), settings.minTogether());
                jobs.advance(job, 1, List.of());
            }
            build.rankBestsellers(id, settings.perProduct());
            jobs.advance(job, 1, List.of());
            published = build.publish(id, orders, products, pairs, clock.instant());
            if (published) {
                recommended.invalidateAll();
                build.cleanUp(id);
            }
            jobs.advance(job, 1, List.of());
            jobs.complete(job);
            log.info("recommendations rebuild completed jobId={} build={} published={} orders={} products={} pairs={} seconds={}",
                    job, id, published, orders, products, pairs, String.format("%.1f", (System.nanoTime() - started) / 1e9));
        } finally {
            if (!published) {
                build.discard(id);
            }
        }
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }
}
