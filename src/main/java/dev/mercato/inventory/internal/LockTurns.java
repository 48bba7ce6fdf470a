package dev.mercato.inventory.internal;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps a SKU's batches in arrival order at the stock row while two of them are in flight: each
 * batch draws a ticket when it takes its requests from the queue, and asks for the row's lock only
 * when every earlier ticket has been passed (its holder has the lock, or has failed). Without it a
 * later batch could lock first and sell the last units to later buyers.
 */
final class LockTurns {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition turnChanged = lock.newCondition();
    private final Set<Long> passedEarly = new HashSet<>();
    private long nextTicket;
    private long turn;

    /** A ticket for the batch just taken from the queue; call while holding the queue's order (see the engine). */
    long draw() {
        lock.lock();
        try {
            return nextTicket++;
        } finally {
            lock.unlock();
        }
    }

    void await(long ticket) throws InterruptedException {
        lock.lock();
        try {
            while (turn < ticket) {
                turnChanged.await();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The ticket's batch has its lock, or will never ask for it; a second call for the same ticket does nothing. */
    void pass(long ticket) {
        lock.lock();
        try {
            if (ticket < turn) {
                return;
            }
            if (ticket == turn) {
                turn++;
                while (passedEarly.remove(turn)) {
                    turn++;
                }
                turnChanged.signalAll();
            } else {
                passedEarly.add(ticket);
            }
        } finally {
            lock.unlock();
        }
    }
}
