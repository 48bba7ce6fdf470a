package dev.mercato.search.lucene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** Time is a {@link ManualTicker}: it moves only when a test advances it, so no test sleeps. */
class GroupCommitTests {

    private static final Duration INTERVAL = Duration.ofSeconds(1);

    /** Writes made so far, and the number of them the last finished commit made durable. */
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong durable = new AtomicLong();
    private final ManualTicker ticker = new ManualTicker();

    private GroupCommit commitsEvery(Duration interval) {
        return new GroupCommit(interval, () -> durable.accumulateAndGet(written.get(), Math::max), ticker);
    }

    @Test
    void everyWriterReturnsOnlyOnceItsWriteIsCommittedAndWritersShareCommits() throws Exception {
        GroupCommit group = commitsEvery(INTERVAL);
        int writers = 64;
        int rounds = 5;
        var start = new CountDownLatch(1);
        AtomicInteger notDurable = new AtomicInteger();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        int advances = 0;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                done.add(pool.submit(() -> {
                    try {
                        start.await();
                        for (int round = 0; round < rounds; round++) {
                            long mine = written.incrementAndGet();
                            inside.incrementAndGet();
                            group.awaitCommitted();
                            inside.decrementAndGet();
                            if (durable.get() < mine) {
                                notDurable.incrementAndGet();
                            }
                        }
                    } finally {
                        finished.incrementAndGet();
                    }
                    return null;
                }));
            }
            start.countDown();
            // a leader waits out the interval; time passes only once every writer still writing has
            // joined it, so each commit after the first can only be shared
            while (finished.get() < writers) {
                if (ticker.someoneWaiting() && inside.get() == writers - finished.get()) {
                    ticker.advance(INTERVAL);
                    advances++;
                }
                Thread.yield();
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        assertThat(notDurable).hasValue(0);
        assertThat(durable.get()).isEqualTo(writers * (long) rounds);
        // at most one commit per interval: one at once, then one per interval that passed
        assertThat(group.commits()).isLessThanOrEqualTo(advances + 1L);
        // 320 writes; shared, they fit in a handful of commits
        assertThat(group.commits()).isBetween(1L, 40L);
    }

    @Test
    void aWriteAfterAQuietSpellIsCommittedAtOnce() throws Exception {
        GroupCommit group = commitsEvery(Duration.ofSeconds(30));
        written.incrementAndGet();
        group.awaitCommitted();
        assertThat(durable).hasValue(1);

        ticker.advance(Duration.ofSeconds(30));
        written.incrementAndGet();
        group.awaitCommitted();

        assertThat(durable).hasValue(2);
        assertThat(ticker.deadlines()).as("waits for time to pass").isEmpty();
        assertThat(group.commits()).isEqualTo(2);
    }

    @Test
    void aWriteWithinTheIntervalWaitsOutOnlyWhatRemainsOfIt() throws Exception {
        GroupCommit group = commitsEvery(Duration.ofSeconds(30));
        written.incrementAndGet();
        group.awaitCommitted(); // starts the interval at 0 s
        ticker.advance(Duration.ofSeconds(10));
        Thread writer = Thread.ofVirtual().start(() -> {
            written.incrementAndGet();
            try {
                group.awaitCommitted();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        ticker.awaitSleeper();
        assertThat(durable).as("committed before the interval ended").hasValue(1);

        ticker.advance(Duration.ofSeconds(20));
        writer.join();

        assertThat(ticker.deadlines()).containsExactly(Duration.ofSeconds(30).toNanos());
        assertThat(durable).hasValue(2);
    }

    @Test
    void aFailedCommitFailsItsLeaderAndTheWaitersCommitAgain() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        var leaderInside = new CountDownLatch(1);
        var othersWaiting = new CountDownLatch(1);
        GroupCommit group = new GroupCommit(Duration.ZERO, () -> {
            if (attempts.incrementAndGet() == 1) {
                leaderInside.countDown();
                await(othersWaiting);
                throw new IOException("disk full");
            }
            durable.set(written.get());
        }, ticker);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            written.incrementAndGet();
            Future<?> leader = pool.submit(() -> {
                group.awaitCommitted();
                return null;
            });
            await(leaderInside);
            Future<?> follower = pool.submit(() -> {
                written.incrementAndGet();
                othersWaiting.countDown();
                group.awaitCommitted();
                return null;
            });
            assertThatThrownBy(leader::get).hasRootCauseInstanceOf(IOException.class);
            follower.get();
        }
        assertThat(durable).hasValue(2);
        assertThat(group.commits()).isEqualTo(1);
    }

    @Test
    void aLeaderInterruptedWhileWaitingDoesNotCommit() throws Exception {
        GroupCommit group = commitsEvery(Duration.ofSeconds(30));
        written.incrementAndGet();
        group.awaitCommitted(); // the first commit starts the interval
        Thread leader = Thread.ofVirtual().start(() -> {
            written.incrementAndGet();
            try {
                group.awaitCommitted();
            } catch (IOException e) {
                durable.set(-1); // what the test expects to see
            }
        });
        ticker.awaitSleeper();
        leader.interrupt();
        leader.join(10_000);
        assertThat(leader.isAlive()).isFalse();
        assertThat(durable).hasValue(-1);
        assertThat(group.commits()).isEqualTo(1);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
