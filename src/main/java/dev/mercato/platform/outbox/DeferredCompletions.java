package dev.mercato.platform.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.modulith.events.EventPublication;
import org.springframework.modulith.events.core.EventPublicationRepository;
import org.springframework.modulith.events.core.PublicationTargetIdentifier;
import org.springframework.modulith.events.core.TargetEventPublication;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Spring Modulith's publication registry with two of its three writes per delivery made cheaper
 * (issue 13). Left alone, every delivery of a stored publication runs two transactions of its own
 * besides the listener's, each waiting for a WAL flush: one marks the publication processing, one
 * completes it (here: deletes it). At checkout that was four commits an order out of about ten.
 * <ul>
 * <li><b>Completions are gathered</b> and written together, one transaction for all that came
 * within {@link #GATHER}: with completion mode {@code delete} (Mercato's) one statement deletes them
 * all, with another mode each goes through the repository's own completion, so the mode still does
 * what it says. A crash in between leaves those publications incomplete: they are delivered
 * again on restart ({@code republish-outstanding-events-on-restart}), which every listener already
 * has to bear, since Modulith itself can crash between a listener's commit and its completion.</li>
 * <li><b>The processing mark is not written.</b> Only Modulith's staleness monitor reads it, and
 * Mercato does not configure one; a publication in flight stays published until it is completed or
 * marked failed, and {@code outbox_pending_events} counts it either way.</li>
 * </ul>
 * Everything else goes to the JDBC repository as it is.
 */
final class DeferredCompletions implements EventPublicationRepository, SmartLifecycle {

    static final Duration GATHER = Duration.ofMillis(50);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(DeferredCompletions.class);

    private record Completion(UUID id, Instant at) {
    }

    private final EventPublicationRepository jdbc;
    private final boolean deleteOnCompletion;
    private final TransactionOperations transactions;
    private final LinkedBlockingQueue<Completion> pending = new LinkedBlockingQueue<>();
    private final Counter written;
    private volatile Thread writer;

    /** @param deleteOnCompletion completion mode {@code delete}: a completed publication is deleted, not marked */
    DeferredCompletions(EventPublicationRepository jdbc, boolean deleteOnCompletion, TransactionOperations transactions,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.deleteOnCompletion = deleteOnCompletion;
        this.transactions = transactions;
        this.written = Counter.builder("outbox_completions_written")
                .description("event publications completed in the registry, written in gathered transactions").register(meters);
    }

    @Override
    public void markProcessing(UUID identifier) {
        // not written: see the class comment
    }

    @Override
    public void markCompleted(UUID identifier, Instant completionDate) {
        pending.add(new Completion(identifier, completionDate));
        if (writer == null) {
            writePending(); // not started yet, or stopped: at once, as Modulith would
        }
    }

    @Override
    public void start() {
        writer = Thread.ofPlatform().daemon().name("outbox-completions").start(this::writeUntilStopped);
    }

    /** Stops last among the lifecycles (after the web server and the task executors), writing what is left. */
    @Override
    public void stop() {
        Thread running = writer;
        writer = null;
        if (running != null) {
            running.interrupt();
            try {
                running.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        writePending();
    }

    private void writePending() {
        List<Completion> left = new ArrayList<>();
        pending.drainTo(left);
        if (!left.isEmpty()) {
            write(left);
        }
    }

    @Override
    public boolean isRunning() {
        return writer != null;
    }

    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1_000;
    }

    private void writeUntilStopped() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Completion first = pending.take();
                Thread.sleep(GATHER.toMillis()); // let the deliveries finishing meanwhile join this transaction
                List<Completion> batch = new ArrayList<>();
                batch.add(first);
                pending.drainTo(batch);
                if (!tryWrite(batch)) {
                    pending.addAll(batch);
                    Thread.sleep(RETRY_AFTER.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private boolean tryWrite(List<Completion> batch) {
        try {
            write(batch);
            return true;
        } catch (RuntimeException e) {
            log.warn("event publication completions not written, retrying count={}", batch.size(), e);
            return false;
        }
    }

    private void write(List<Completion> batch) {
        if (deleteOnCompletion) {
            transactions.executeWithoutResult(tx -> jdbc.deletePublications(batch.stream().map(Completion::id).toList()));
        } else {
            transactions.executeWithoutResult(tx -> batch.forEach(c -> jdbc.markCompleted(c.id(), c.at())));
        }
        written.increment(batch.size());
    }

    @Override
    public TargetEventPublication create(TargetEventPublication publication) {
        return jdbc.create(publication);
    }

    @Override
    public void markCompleted(Object event, PublicationTargetIdentifier identifier, Instant completionDate) {
        jdbc.markCompleted(event, identifier, completionDate);
    }

    @Override
    public void markFailed(UUID identifier) {
        jdbc.markFailed(identifier);
    }

    @Override
    public boolean markResubmitted(UUID identifier, Instant resubmissionDate) {
        return jdbc.markResubmitted(identifier, resubmissionDate);
    }

    @Override
    public List<TargetEventPublication> findIncompletePublications() {
        return jdbc.findIncompletePublications();
    }

    @Override
    public List<TargetEventPublication> findIncompletePublicationsPublishedBefore(Instant instant) {
        return jdbc.findIncompletePublicationsPublishedBefore(instant);
    }

    @Override
    public Optional<TargetEventPublication> findIncompletePublicationsByEventAndTargetIdentifier(Object event,
            PublicationTargetIdentifier targetIdentifier) {
        return jdbc.findIncompletePublicationsByEventAndTargetIdentifier(event, targetIdentifier);
    }

    @Override
    public List<TargetEventPublication> findCompletedPublications() {
        return jdbc.findCompletedPublications();
    }

    @Override
    public void deletePublications(List<UUID> identifiers) {
        jdbc.deletePublications(identifiers);
    }

    @Override
    public void deleteCompletedPublications() {
        jdbc.deleteCompletedPublications();
    }

    @Override
    public void deleteCompletedPublicationsBefore(Instant instant) {
        jdbc.deleteCompletedPublicationsBefore(instant);
    }

    @Override
    public List<TargetEventPublication> findFailedPublications(FailedCriteria criteria) {
        return jdbc.findFailedPublications(criteria);
    }

    @Override
    public List<TargetEventPublication> findByStatus(EventPublication.Status status) {
        return jdbc.findByStatus(status);
    }

    @Override
    public int countByStatus(EventPublication.Status status) {
        return jdbc.countByStatus(status);
    }
}
