package dev.mercato.search.lucene;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Time that moves only when a test says so: {@link #sleepUntil} blocks until {@link #advance} has
 * carried the reading to the deadline, so a test sees who is waiting and for how long, and never
 * sleeps to let time pass.
 */
final class ManualTicker implements GroupCommit.Ticker {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long now;
    private final List<Long> sleeping = new ArrayList<>();
    private final List<Long> deadlines = new ArrayList<>();

    @Override
    public long read() {
        lock.lock();
        try {
            return now;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void sleepUntil(long deadline) throws InterruptedException {
        lock.lock();
        try {
            deadlines.add(deadline);
            sleeping.add(deadline);
            changed.signalAll();
            try {
                while (deadline - now > 0) {
                    changed.await();
                }
            } finally {
                sleeping.remove(Long.valueOf(deadline));
            }
        } finally {
            lock.unlock();
        }
    }

    void advance(Duration by) {
        lock.lock();
        try {
            now += by.toNanos();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Blocks until some thread waits in {@link #sleepUntil} for a time still to come; fails when
     * none has within 10 s of real time, so a broken wait fails the test instead of hanging it.
     */
    void awaitSleeper() throws InterruptedException {
        long giveUp = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        lock.lock();
        try {
            while (!someoneWaiting()) {
                if (changed.awaitNanos(giveUp - System.nanoTime()) <= 0 && !someoneWaiting()) {
                    throw new AssertionError("no thread waited for time to pass");
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether some thread waits in {@link #sleepUntil} for a time still to come. */
    boolean someoneWaiting() {
        lock.lock();
        try {
            return sleeping.stream().anyMatch(deadline -> deadline - now > 0);
        } finally {
            lock.unlock();
        }
    }

    /** The deadline of every {@link #sleepUntil} call so far, in call order. */
    List<Long> deadlines() {
        lock.lock();
        try {
            return List.copyOf(deadlines);
        } finally {
            lock.unlock();
        }
    }
}
