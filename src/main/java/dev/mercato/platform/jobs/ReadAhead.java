package dev.mercato.platform.jobs;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Overlaps the reading side of a batch job with its writing side: a producer runs on a virtual
 * thread of its own and hands items over through a small bounded queue, so the next batch is
 * parsed or fetched while the current one is written. The bound keeps memory flat when the writer
 * is the slower side.
 *
 * <p>{@link #next} returns {@code null} at the end, or throws what the producer failed with, so a
 * failed read ends a job as failed rather than as short. Closing before the end stops the producer.
 */
public final class ReadAhead<T> implements AutoCloseable {

    @FunctionalInterface
    public interface Producer<T> {
        /** Puts every item through {@code sink}; returning ends the stream. */
        void produce(Sink<T> sink) throws Exception;
    }

    @FunctionalInterface
    public interface Sink<T> {
        void put(T item) throws InterruptedException;
    }

    private static final Object END = new Object();

    private final BlockingQueue<Object> queue;
    private final Thread producer;
    private volatile Throwable failure;
    private boolean ended;

    private ReadAhead(int depth, String name, Producer<T> source) {
        this.queue = new ArrayBlockingQueue<>(depth);
        this.producer = Thread.ofVirtual().name(name).unstarted(() -> {
            try {
                source.produce(queue::put);
                queue.put(END);
            } catch (InterruptedException e) {
                // stopped by close(): nobody reads any more
            } catch (Throwable e) {
                failure = e;
                queue.clear(); // the reader learns of the failure now, not after the items before it
                queue.offer(END);
            }
        });
    }

    /** Starts {@code source} on a virtual thread named {@code name}, at most {@code depth} items ahead. */
    public static <T> ReadAhead<T> start(String name, int depth, Producer<T> source) {
        var readAhead = new ReadAhead<>(depth, name, source);
        readAhead.producer.start();
        return readAhead;
    }

    /** The next item, or {@code null} once the producer has finished. */
    @SuppressWarnings("unchecked")
    public T next() throws InterruptedException {
        if (ended) {
            return null;
        }
        Object item = queue.take();
        if (item != END) {
            return (T) item;
        }
        ended = true;
        Throwable failed = failure;
        if (failed instanceof RuntimeException e) {
            throw e;
        }
        if (failed instanceof Error e) {
            throw e;
        }
        if (failed != null) {
            throw new IllegalStateException("reading ahead failed: " + failed.getMessage(), failed);
        }
        return null;
    }

    @Override
    public void close() throws InterruptedException {
        ended = true;
        producer.interrupt();
        producer.join();
    }
}
