package dev.mercato.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.events.core.EventPublicationRepository;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.SimpleTransactionStatus;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionOperations;

/**
 * How {@link DeferredCompletions} writes to the JDBC repository, seen from a recording one: a burst of
 * completions in one transaction, no processing marks, nothing left behind on stop, a failed write
 * retried. That the application's registry writes through it is checked by
 * {@code DeferredCompletionsRegistryTests} against PostgreSQL.
 */
class DeferredCompletionsTests {

    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger transactions = new AtomicInteger();
    private final AtomicBoolean failNext = new AtomicBoolean();
    private final DeferredCompletions completions = new DeferredCompletions(recording(), false, counting(), new SimpleMeterRegistry());

    @AfterEach
    void stop() {
        completions.stop();
    }

    @Test
    void aBurstOfCompletionsIsWrittenInOneTransaction() {
        completions.start();
        for (int i = 0; i < 10; i++) {
            completions.markCompleted(UUID.randomUUID(), Instant.now());
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> calls.size() == 10);
        assertThat(calls).allMatch(call -> call.equals("markCompleted"));
        assertThat(transactions).hasValue(1);
    }

    @Test
    void withCompletionModeDeleteABurstIsOneDeletion() {
        DeferredCompletions deleting = new DeferredCompletions(recording(), true, counting(), new SimpleMeterRegistry());
        deleting.start();
        try {
            for (int i = 0; i < 10; i++) {
                deleting.markCompleted(UUID.randomUUID(), Instant.now());
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> !calls.isEmpty());
            assertThat(calls).containsExactly("deletePublications");
            assertThat(transactions).hasValue(1);
        } finally {
            deleting.stop();
        }
    }

    @Test
    void theProcessingMarkIsNotWritten() {
        completions.start();
        completions.markProcessing(UUID.randomUUID());
        completions.markFailed(UUID.randomUUID());
        assertThat(calls).containsExactly("markFailed");
    }

    @Test
    void stoppingWritesWhatIsPending() {
        completions.start();
        completions.markCompleted(UUID.randomUUID(), Instant.now());
        completions.stop();
        assertThat(calls).containsExactly("markCompleted");
        completions.markCompleted(UUID.randomUUID(), Instant.now());
        assertThat(calls).as("once stopped, at once").hasSize(2);
    }

    @Test
    void aFailedWriteIsRetried() {
        failNext.set(true);
        completions.start();
        completions.markCompleted(UUID.randomUUID(), Instant.now());
        await().atMost(Duration.ofSeconds(5)).until(() -> calls.size() == 1);
        assertThat(transactions).as("the failed one, then the retry").hasValue(2);
    }

    private EventPublicationRepository recording() {
        return (EventPublicationRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {EventPublicationRepository.class}, (proxy, method, args) -> {
                    if (method.getName().equals("markCompleted") && failNext.getAndSet(false)) {
                        throw new IllegalStateException("database away");
                    }
                    calls.add(method.getName());
                    return method.getReturnType() == boolean.class ? Boolean.FALSE : null;
                });
    }

    private TransactionOperations counting() {
        return new TransactionOperations() {
            @Override
            public <T> T execute(TransactionCallback<T> action) {
                transactions.incrementAndGet();
                return action.doInTransaction(new SimpleTransactionStatus());
            }

            @Override
            public void executeWithoutResult(Consumer<TransactionStatus> action) {
                execute(status -> {
                    action.accept(status);
                    return null;
                });
            }
        };
    }
}
