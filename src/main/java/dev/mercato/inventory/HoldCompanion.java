package dev.mercato.inventory;

import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Rows another module writes in the transaction of a hold batch, so that a hold and what it was
 * asked for (a cart line) are made durable by one commit: the reservation engine's group commit
 * then costs one WAL flush for a whole batch of holds and their lines, where a second transaction
 * after the grant cost every request a flush of its own (issue 13).
 *
 * <p>The engine calls {@link #write} once per batch, after the grants are decided and before the
 * commit, with the granted requests that named this companion, in arrival order. It runs while the
 * batch holds the SKU's stock rows, so it must never wait for a row lock: it locks what it needs
 * with {@code SKIP LOCKED} (or {@code NOWAIT}) and answers "not done" for a request whose rows are
 * busy. That keeps the batch out of every lock queue, whatever order other transactions lock in. A
 * request answered "not done" keeps its hold, granted and durable; its caller then does the work in
 * a transaction of its own and gives the hold back if that fails. An exception fails the whole
 * batch: nothing of it commits and every caller in it gets the failure.
 *
 * @param <P> what a request carries for the companion (the checks it must repeat under its locks)
 * @param <R> what the companion answers a request it has done
 */
public interface HoldCompanion<P, R> {

    /**
     * @param batch the batch transaction's connection; every statement must go through it
     * @return one answer per grant, in order: null where the work was not done
     */
    List<R> write(JdbcClient batch, Instant now, List<Grant<P>> grants);

    /** A granted hold request that named this companion. */
    record Grant<P>(String owner, String sku, int quantity, P payload) {
    }
}
