package dev.mercato.search.lucene;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Makes index writes durable and searchable in groups. A writer adds its documents, then calls
 * {@link #awaitCommitted}, which returns once a commit that began after the call has finished: the
 * writes are on disk and visible to searches, so the event behind them may be marked delivered.
 *
 * <p>Every commit flushes a new segment, fsyncs its files and reopens the searchers; the segments
 * are merged again later. With one commit per write, a bulk import (a write per 1,000 products)
 * spent almost as much CPU keeping the index up as on the import itself, and a flash sale would
 * commit once per stock change. So
 * commits start at most once per {@code interval}: the first waiter leads, waits out what remains
 * of the interval while others join, and commits for all of them. A write after a quiet spell is
 * committed at once.
 */
final class GroupCommit {

    @FunctionalInterface
    interface Commit {
        void run() throws IOException;
    }

    /**
     * Where a group commit reads the time and waits for it to pass, so tests can move time
     * themselves. Readings are nanoseconds from an arbitrary origin, compared only by difference,
     * like {@link System#nanoTime()}.
     */
    interface Ticker {
        /** The monotonic time system: {@link System#nanoTime()} and {@link Thread#sleep}. */
        Ticker SYSTEM = new Ticker() {
            @Override
            public long read() {
                return System.nanoTime();
            }

            @Override
            public void sleepUntil(long deadline) throws InterruptedException {
                long wait = deadline - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(Duration.ofNanos(wait));
                }
            }
        };

        long read();

        /** Returns once {@link #read()} has reached {@code deadline}; an interrupt ends the wait by throwing. */
        void sleepUntil(long deadline) throws InterruptedException;
    }

    private final Commit commit;
    private final Ticker ticker;
    private final long intervalNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition finished = lock.newCondition();
    /** Tickets handed out; a ticket is taken after its writer's writes. */
    private long requested;
    /** Every ticket up to this one is covered by a finished commit. */
    private long committed;
    private boolean leading;
    private long lastStart;
    private long commits;

    GroupCommit(Duration interval, Commit commit) {
        this(interval, commit, Ticker.SYSTEM);
    }

    // production only ever loads Ticker.SYSTEM, so the JIT inlines its calls: the write path pays nothing for the seam
    GroupCommit(Duration interval, Commit commit, Ticker ticker) {
        this.commit = commit;
        this.ticker = ticker;
        this.intervalNanos = interval.toNanos();
        this.lastStart = ticker.read() - Long.MAX_VALUE / 2;
    }

    /**
     * Returns when the writes this thread made before the call are committed. If the commit fails,
     * the leader gets the exception; the others retry with a commit of their own.
     */
    void awaitCommitted() throws IOException {
        lock.lock();
        try {
            long ticket = ++requested;
            while (committed < ticket) {
                if (leading) {
                    finished.awaitUninterruptibly();
                } else {
                    lead();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Commits that have finished; for tests. */
    long commits() {
        lock.lock();
        try {
            return commits;
        } finally {
            lock.unlock();
        }
    }

    /** Called holding the lock; releases it while waiting and committing. */
    private void lead() throws IOException {
        leading = true;
        try {
            long deadline = lastStart + intervalNanos;
            if (deadline - ticker.read() > 0) {
                lock.unlock();
                try {
                    ticker.sleepUntil(deadline);
                } catch (InterruptedException e) {
                    // no commit from an interrupted thread: an interrupt closes the channel an fsync uses
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting to commit");
                } finally {
                    lock.lock();
                }
            }
            // every ticket taken so far belongs to writes that are done: this commit covers them
            long covered = requested;
            lastStart = ticker.read();
            lock.unlock();
            try {
                commit.run();
            } finally {
                lock.lock();
            }
            committed = covered;
            commits++;
        } finally {
            leading = false;
            finished.signalAll();
        }
    }
}
