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

class GroupCommitTests {

    /** Writes made so far, and the number of them the last finished commit made durable. */
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong durable = new AtomicLong();

    private GroupCommit commitsEvery(Duration interval) {
        return new GroupCommit(interval, () -> {
            long upTo = written.get();
            sleep(20); // a commit takes time; writes keep arriving meanwhile
            durable.accumulateAndGet(upTo, Math::max);
        });
    }

    @Test
    void everyWriterReturnsOnlyOnceItsWriteIsCommittedAndWritersShareCommits() throws Exception {
        GroupCommit group = commitsEvery(Duration.ofMillis(100));
        int writers = 64;
        var start = new CountDownLatch(1);
        AtomicInteger notDurable = new AtomicInteger();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                int n = i;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int round = 0; round < 5; round++) {
                        sleep(n % 7);
                        long mine = written.incrementAndGet();
                        group.awaitCommitted();
                        if (durable.get() < mine) {
                            notDurable.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        }
        assertThat(notDurable).hasValue(0);
        assertThat(durable.get()).isEqualTo(writers * 5L);
        // 320 writes; at one commit per 100 ms they fit in a handful of commits
        assertThat(group.commits()).isBetween(1L, 40L);
    }

    @Test
    void aWriteAfterAQuietSpellIsCommittedAtOnce() throws Exception {
        GroupCommit group = commitsEvery(Duration.ofSeconds(30));
        long started = System.nanoTime();
        written.incrementAndGet();
        group.awaitCommitted();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(durable).hasValue(1);
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
        });
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
        var waiting = new CountDownLatch(1);
        Thread leader = Thread.ofVirtual().start(() -> {
            written.incrementAndGet();
            waiting.countDown();
            try {
                group.awaitCommitted();
            } catch (IOException e) {
                durable.set(-1); // what the test expects to see
            }
        });
        await(waiting);
        Thread.sleep(100);
        leader.interrupt();
        leader.join(10_000);
        assertThat(leader.isAlive()).isFalse();
        assertThat(durable).hasValue(-1);
        assertThat(group.commits()).isEqualTo(1);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
