package dev.mercato.platform.cache;

import org.springframework.core.Ordered;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs an invalidation once the change it follows is visible to other readers: after the current
 * transaction commits (and not at all when it rolls back), or now when there is none. Invalidating
 * before the commit would let a reader reload the old row and cache it again until the TTL.
 */
public final class AfterCommit {

    private AfterCommit() {
    }

    public static void run(Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            action.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }

            /**
             * Before every other after-commit work, such as {@code @TransactionalEventListener}s handing
             * the event to another thread: the search indexer re-reads availability through the cache,
             * and must not find the entry this commit made stale.
             */
            @Override
            public int getOrder() {
                return Ordered.HIGHEST_PRECEDENCE;
            }
        });
    }
}
