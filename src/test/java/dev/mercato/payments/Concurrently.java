package dev.mercato.payments;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/** Runs calls on their own threads, released together, so they really race. */
public final class Concurrently {

    private Concurrently() {
    }

    public static <T> List<T> run(int calls, IntFunction<Callable<T>> call) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newFixedThreadPool(calls)) {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                Callable<T> task = call.apply(i);
                futures.add(threads.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        }
    }
}
