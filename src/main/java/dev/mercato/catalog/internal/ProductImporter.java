package dev.mercato.catalog.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

import dev.mercato.platform.jobs.JobError;
import dev.mercato.platform.jobs.JobId;
import dev.mercato.platform.jobs.Jobs;
import dev.mercato.platform.jobs.ReadAhead;
import dev.mercato.platform.web.ProblemException;

/**
 * Bulk import of products as a background job. Lines are written in batches (one transaction per
 * batch); if a batch fails as a whole, its lines are retried one by one so a single bad line costs
 * only itself. Progress and per-line errors go to the job, so an admin can watch the import.
 */
@Service
public class ProductImporter implements AutoCloseable {

    public static final String JOB_KIND = "product-import";
    private static final Logger log = LoggerFactory.getLogger(ProductImporter.class);
    private static final long LOG_EVERY_NANOS = 2_000_000_000L;

    private final ImportFiles files;
    private final ProductWriter writer;
    private final Jobs jobs;
    private final CatalogSettings settings;
    // one import at a time: a second one queues rather than halving the first one's speed
    private final ExecutorService worker = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("catalog-import").factory());

    ProductImporter(ImportFiles files, ProductWriter writer, Jobs jobs, CatalogSettings settings) {
        this.files = files;
        this.writer = writer;
        this.jobs = jobs;
        this.settings = settings;
    }

    /** Takes ownership of {@code file} (deleted when the job ends) and imports it in the background. */
    JobId startImport(Path file, ImportFormat format, UUID requestedBy) throws IOException {
        long total;
        try {
            total = files.count(file, format);
        } catch (ProblemException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        if (total == 0) {
            Files.deleteIfExists(file);
            throw ProblemException.badRequest("empty-import", "The import file has no product lines");
        }
        JobId job = jobs.start(JOB_KIND, total, requestedBy);
        worker.submit(() -> {
            try (Stream<ImportLine> lines = files.open(file, format)) {
                run(job, lines.iterator(), total);
            } catch (IOException | RuntimeException e) {
                log.error("import failed jobId={}", job, e);
                jobs.fail(job, "the import stopped on an unexpected error; the server log has its details under jobId " + job);
            } finally {
                deleteQuietly(file);
            }
        });
        return job;
    }

    /** Imports lines in the calling thread, recording progress on a new job; used by the demo loader. */
    JobId importNow(Iterator<ImportLine> lines, long total, String kind) {
        JobId job = jobs.start(kind, total, null);
        try {
            run(job, lines, total);
        } catch (RuntimeException e) {
            jobs.fail(job, e.getMessage());
            throw e;
        }
        return job;
    }

    /** Lines parsed ahead of the writes: the ones to write and the ones refused already. */
    private record Batch(List<NumberedDraft> drafts, List<JobError> errors) {
        int lineCount() {
            return drafts.size() + errors.size();
        }
    }

    /** Parsing the next batch overlaps writing this one: the import thread's own work, mostly parsing, was about a fifth of its time per line. */
    private void run(JobId job, Iterator<ImportLine> lines, long total) {
        long started = System.nanoTime();
        long lastLog = started;
        long processed = 0;
        try (var batches = ReadAhead.<Batch>start("catalog-import-parse", 2, sink -> parse(lines, sink))) {
            Batch batch;
            while ((batch = batches.next()) != null) {
                List<JobError> errors = new ArrayList<>(batch.errors());
                errors.addAll(write(batch.drafts()));
                errors.sort(Comparator.comparingLong(JobError::line));
                jobs.advance(job, batch.lineCount(), errors);
                processed += batch.lineCount();
                long now = System.nanoTime();
                if (now - lastLog > LOG_EVERY_NANOS) {
                    lastLog = now;
                    logProgress(job, processed, total, started);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("import interrupted", e);
        }
        logProgress(job, processed, total, started);
        jobs.complete(job);
    }

    private void parse(Iterator<ImportLine> lines, ReadAhead.Sink<Batch> sink) throws InterruptedException {
        int size = settings.importBatchSize();
        var batch = new Batch(new ArrayList<>(size), new ArrayList<>());
        while (lines.hasNext()) {
            ImportLine line = lines.next();
            if (line.error() != null) {
                batch.errors().add(new JobError(line.line(), line.error()));
            } else {
                batch.drafts().add(new NumberedDraft(line.line(), line.draft()));
            }
            if (batch.lineCount() >= size) {
                sink.put(batch);
                batch = new Batch(new ArrayList<>(size), new ArrayList<>());
            }
        }
        if (batch.lineCount() > 0) {
            sink.put(batch);
        }
    }

    private static void logProgress(JobId job, long processed, long total, long started) {
        double seconds = (System.nanoTime() - started) / 1e9;
        log.info("import progress jobId={} processed={} total={} percent={} linesPerSecond={}",
                job, processed, total, total == 0 ? 100 : processed * 100 / total,
                Math.round(processed / Math.max(seconds, 1e-3)));
    }

    private List<JobError> write(List<NumberedDraft> batch) {
        if (batch.isEmpty()) {
            return List.of();
        }
        try {
            return writer.upsertBatch(batch).errors();
        } catch (DataAccessException | ProblemException e) {
            log.warn("import batch refused, retrying its lines one by one firstLine={} cause={}",
                    batch.getFirst().line(), e.getMessage());
            List<JobError> errors = new ArrayList<>();
            for (NumberedDraft line : batch) {
                try {
                    errors.addAll(writer.upsertBatch(List.of(line)).errors());
                } catch (ProblemException single) {
                    errors.add(new JobError(line.line(), single.getMessage()));
                } catch (DataAccessException single) {
                    // the database's message quotes SQL and values: it goes to the log, the job says what it means
                    log.warn("import line refused by the database line={} cause={}", line.line(), single.getMessage());
                    errors.add(new JobError(line.line(), single instanceof DuplicateKeyException
                            ? "conflicts with another product: its slug or a SKU is already used"
                            : "could not be stored (" + single.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT) + ")"));
                }
            }
            return errors;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("could not delete import file path={}", file, e);
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
