package dev.mercato.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A closed-loop HTTP load client: {@code connections} platform threads, each with its own
 * keep-alive {@link HttpConnection}, sending the next request as soon as the answer is read, for a
 * warm-up and then a measured time. Reports requests per second, latency percentiles, answers that
 * were not the expected status, and what the client itself cost: the CPU time of its threads per
 * request and as a share of the whole process's CPU over the measured time (the server runs in the
 * same process when the benchmark measures Mercato on loopback), so a reader can see the client is
 * not what limits the figure.
 */
final class HttpLoad {

    /** The request a client thread sends next; each thread has its own random. */
    interface Requests extends Function<SplittableRandom, byte[]> {
    }

    record Result(long requests, long unexpected, double seconds, Latencies.Summary latency, double clientCpuMicrosPerRequest,
            double clientCpuShare, double restCpuMicrosPerRequest, String firstUnexpected) {

        double rps() {
            return requests / seconds;
        }

        /**
         * {@code rps=... p50_ms=... p99_ms=... max_ms=... requests=... unexpected=... client_cpu_us_per_req=...
         * client_cpu_share=... server_cpu_us_per_req=...}; the last is the rest of the process's CPU per
         * request (the server's, with the JVM's own threads), which bounds requests per second on an
         * idle machine at about cores x 1,000,000 / it, however busy the machine was during the run.
         */
        String figures() {
            return String.format(Locale.ROOT,
                    "rps=%.0f p50_ms=%.3f p99_ms=%.3f max_ms=%.1f requests=%d unexpected=%d client_cpu_us_per_req=%.1f client_cpu_share=%.2f "
                            + "server_cpu_us_per_req=%.1f",
                    rps(), latency.p50Ms(), latency.p99Ms(), latency.maxMs(), requests, unexpected, clientCpuMicrosPerRequest,
                    clientCpuShare, restCpuMicrosPerRequest);
        }
    }

    private final String host;
    private final int port;
    private final int connections;

    HttpLoad(String host, int port, int connections) {
        this.host = host;
        this.port = port;
        this.connections = connections;
    }

    /**
     * Runs {@code warmup} unmeasured, then {@code duration} measured, on the same connections.
     * {@code warmupRequests} may differ from {@code requests} (e.g. walking every key once to fill a cache).
     */
    Result run(Duration warmup, Requests warmupRequests, Duration duration, Requests requests, int expectedStatus)
            throws InterruptedException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<Worker> workers = new ArrayList<>();
        List<Thread> started = new ArrayList<>();
        long warmupEnd = System.nanoTime() + warmup.toNanos();
        long measuredEnd = warmupEnd + duration.toNanos();
        AtomicLong processCpuAtStart = new AtomicLong(-1);
        for (int i = 0; i < connections; i++) {
            Worker worker = new Worker(new HttpConnection(host, port), new SplittableRandom(1000L + i), warmupEnd, measuredEnd,
                    warmupRequests, requests, expectedStatus, threads);
            workers.add(worker);
            started.add(Thread.ofPlatform().name("http-load-" + i).daemon().start(worker));
        }
        // the process's CPU clock is read when the measured time begins and ends, as the workers' are
        long sleep = (warmupEnd - System.nanoTime()) / 1_000_000;
        if (sleep > 0) {
            Thread.sleep(sleep);
        }
        processCpuAtStart.set(os.getProcessCpuTime());
        for (Thread thread : started) {
            thread.join();
        }
        long processCpu = os.getProcessCpuTime() - processCpuAtStart.get();
        long total = 0;
        long unexpected = 0;
        long clientCpu = 0;
        String firstUnexpected = null;
        List<Latencies> samples = new ArrayList<>();
        for (Worker worker : workers) {
            total += worker.latencies.count();
            unexpected += worker.unexpected;
            clientCpu += worker.measuredCpuNanos;
            samples.add(worker.latencies);
            if (firstUnexpected == null) {
                firstUnexpected = worker.firstUnexpected;
            }
        }
        double seconds = duration.toNanos() / 1e9;
        return new Result(total, unexpected, seconds, Latencies.summarize(samples), total == 0 ? 0 : clientCpu / 1e3 / total,
                processCpu <= 0 ? 0 : (double) clientCpu / processCpu, total == 0 ? 0 : Math.max(0, processCpu - clientCpu) / 1e3 / total,
                firstUnexpected);
    }

    /**
     * Sends every request once, spread over the connections, and answers how many were not the
     * expected status: fills a cache with every key before a measured run, however long that takes.
     */
    long once(byte[][] requests, int expectedStatus) throws InterruptedException {
        AtomicLong next = new AtomicLong();
        AtomicLong unexpected = new AtomicLong();
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            started.add(Thread.ofPlatform().name("http-prime-" + i).daemon().start(() -> {
                try (HttpConnection connection = new HttpConnection(host, port)) {
                    for (long at = next.getAndIncrement(); at < requests.length; at = next.getAndIncrement()) {
                        try {
                            if (connection.exchange(requests[(int) at], false).status() != expectedStatus) {
                                unexpected.incrementAndGet();
                            }
                        } catch (IOException | RuntimeException e) {
                            connection.close();
                            unexpected.incrementAndGet();
                        }
                    }
                }
            }));
        }
        for (Thread thread : started) {
            thread.join();
        }
        return unexpected.get();
    }

    private static final class Worker implements Runnable {
        private final HttpConnection connection;
        private final SplittableRandom random;
        private final long warmupEnd;
        private final long measuredEnd;
        private final Requests warmupRequests;
        private final Requests requests;
        private final int expected;
        private final ThreadMXBean threads;
        private final Latencies latencies = new Latencies();
        private long unexpected;
        private long measuredCpuNanos;
        private String firstUnexpected;

        Worker(HttpConnection connection, SplittableRandom random, long warmupEnd, long measuredEnd, Requests warmupRequests,
                Requests requests, int expected, ThreadMXBean threads) {
            this.connection = connection;
            this.random = random;
            this.warmupEnd = warmupEnd;
            this.measuredEnd = measuredEnd;
            this.warmupRequests = warmupRequests;
            this.requests = requests;
            this.expected = expected;
            this.threads = threads;
        }

        @Override
        public void run() {
            try (connection) {
                long now = System.nanoTime();
                while (now < warmupEnd) {
                    send(warmupRequests.apply(random));
                    now = System.nanoTime();
                }
                long cpuAtStart = threads.getCurrentThreadCpuTime();
                while (now < measuredEnd) {
                    byte[] request = requests.apply(random);
                    long sent = System.nanoTime();
                    send(request);
                    now = System.nanoTime();
                    latencies.add(now - sent);
                }
                measuredCpuNanos = threads.getCurrentThreadCpuTime() - cpuAtStart;
            }
        }

        private void send(byte[] request) {
            try {
                HttpConnection.Response response = connection.exchange(request, false);
                if (response.status() != expected) {
                    note("status " + response.status());
                }
            } catch (IOException | RuntimeException e) {
                connection.close(); // the next request reconnects
                note(e.toString());
            }
        }

        private void note(String what) {
            unexpected++;
            if (firstUnexpected == null) {
                firstUnexpected = what;
            }
        }
    }
}
