package dev.mercato.inventory.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class LockTurnsTests {

    @Test
    void laterTicketsWaitUntilEveryEarlierOneHasPassed() throws Exception {
        var turns = new LockTurns();
        long first = turns.draw();
        long second = turns.draw();
        long third = turns.draw();
        List<Long> order = new CopyOnWriteArrayList<>();
        var done = new CountDownLatch(2);
        for (long ticket : new long[] {third, second}) {
            Thread.ofVirtual().start(() -> {
                try {
                    turns.await(ticket);
                    order.add(ticket);
                    turns.pass(ticket);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                done.countDown();
            });
        }

        Thread.sleep(100);
        assertThat(order).as("nobody goes before the first ticket").isEmpty();
        turns.await(first);
        turns.pass(first);

        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(order).containsExactly(second, third);
    }

    @Test
    void aTicketPassedEarlyByAFailedBatchDoesNotBlockTheOnesAfterIt() throws Exception {
        var turns = new LockTurns();
        long first = turns.draw();
        long failed = turns.draw();
        long third = turns.draw();
        turns.pass(failed);
        turns.pass(failed);
        var reached = new CountDownLatch(1);
        Thread.ofVirtual().start(() -> {
            try {
                turns.await(third);
                reached.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        assertThat(reached.await(100, TimeUnit.MILLISECONDS)).isFalse();
        turns.pass(first);
        await().atMost(Duration.ofSeconds(5)).until(() -> reached.getCount() == 0);
    }
}
