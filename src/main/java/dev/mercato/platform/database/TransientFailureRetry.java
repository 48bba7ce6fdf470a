package dev.mercato.platform.database;

import java.time.Duration;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Component;

/**
 * Runs a whole transaction again when PostgreSQL aborted it as a deadlock victim or on a lock
 * timeout. The lock order in inventory is designed to avoid deadlocks; this is the safety net the
 * PostgreSQL manual recommends for any application that locks several rows, since the aborted
 * transaction changed nothing. Call it outside the transaction, never inside one.
 */
@Component
public class TransientFailureRetry {

    private static final Logger log = LoggerFactory.getLogger(TransientFailureRetry.class);

    private final RetryTemplate retry = new RetryTemplate(RetryPolicy.builder()
            .includes(PessimisticLockingFailureException.class)
            .maxRetries(3)
            .delay(Duration.ofMillis(5))
            .jitter(Duration.ofMillis(5))
            .multiplier(3)
            .build());
    private final Counter retries;

    TransientFailureRetry(MeterRegistry registry) {
        retries = Counter.builder("database_transaction_retries").description("transactions run again after a deadlock or lock timeout")
                .register(registry);
        // every retry is logged and counted: they should be rare, and a rising count points at a lock-order bug
        retry.setRetryListener(new RetryListener() {
            @Override
            public void onRetryFailure(RetryPolicy policy, Retryable<?> retryable, Throwable failure) {
                retries.increment();
                log.warn("transaction retried after transient failure: {}", failure.getMessage());
            }
        });
    }

    public <T> T run(Supplier<T> transaction) {
        try {
            return retry.execute(transaction::get);
        } catch (RetryException e) {
            // give callers the failure itself (a 409 stays a 409), not the retry wrapper
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
