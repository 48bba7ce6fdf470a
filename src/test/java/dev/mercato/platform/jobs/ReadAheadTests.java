package dev.mercato.platform.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class ReadAheadTests {

    @Test
    void deliversEveryItemInOrderThenTheEnd() throws Exception {
        List<Integer> read = new ArrayList<>();
        try (var items = ReadAhead.<Integer>start("test", 2, sink -> {
            for (int i = 0; i < 1000; i++) {
                sink.put(i);
            }
        })) {
            Integer item;
            while ((item = items.next()) != null) {
                read.add(item);
            }
            assertThat(items.next()).isNull();
        }
        assertThat(read).hasSize(1000).isSorted().startsWith(0).endsWith(999);
    }

    @Test
    void producesAheadOfTheReaderButNoFurtherThanTheDepth() throws Exception {
        AtomicInteger produced = new AtomicInteger();
        var blocked = new CountDownLatch(1);
        try (var items = ReadAhead.<Integer>start("test", 3, sink -> {
            for (int i = 0; i < 100; i++) {
                if (i == 3) {
                    blocked.countDown(); // the next put waits for the reader
                }
                sink.put(i);
                produced.incrementAndGet();
            }
        })) {
            assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(100);
            assertThat(produced).hasValue(3);
            assertThat(items.next()).isZero();
        }
    }

    @Test
    void aFailedProducerFailsTheReader() throws Exception {
        try (var items = ReadAhead.<Integer>start("test", 2, sink -> {
            sink.put(1);
            throw new UncheckedIOException(new java.io.IOException("file truncated"));
        })) {
            assertThatThrownBy(() -> {
                while (items.next() != null) {
                    // drain
                }
            }).isInstanceOf(UncheckedIOException.class).hasMessageContaining("file truncated");
        }
    }

    @Test
    void closingBeforeTheEndStopsTheProducer() throws Exception {
        var stopped = new CountDownLatch(1);
        var items = ReadAhead.<Integer>start("test", 1, sink -> {
            try {
                for (int i = 0; ; i++) {
                    sink.put(i);
                }
            } finally {
                stopped.countDown();
            }
        });
        assertThat(items.next()).isZero();
        items.close();
        assertThat(stopped.getCount()).isZero();
        assertThat(items.next()).isNull();
    }
}
