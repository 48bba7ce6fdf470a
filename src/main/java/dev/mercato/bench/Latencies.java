package dev.mercato.bench;

import java.util.Arrays;

/** Latency samples of one buyer; merged per design to read percentiles. Not thread-safe: one per thread. */
final class Latencies {

    private long[] nanos = new long[1024];
    private int count;

    void add(long sample) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = sample;
    }

    int count() {
        return count;
    }

    static Summary summarize(Iterable<Latencies> all) {
        int total = 0;
        for (Latencies l : all) {
            total += l.count;
        }
        long[] merged = new long[total];
        int at = 0;
        for (Latencies l : all) {
            System.arraycopy(l.nanos, 0, merged, at, l.count);
            at += l.count;
        }
        Arrays.sort(merged);
        return new Summary(total, percentile(merged, 0.50), percentile(merged, 0.99), total == 0 ? 0 : merged[total - 1] / 1e6);
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    record Summary(int samples, double p50Ms, double p99Ms, double maxMs) {
    }
}
