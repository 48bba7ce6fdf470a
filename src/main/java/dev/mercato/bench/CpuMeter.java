package dev.mercato.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * CPU time used by this JVM (server and load client together) and by the embedded PostgreSQL
 * (its postmaster and every backend), so a benchmark can say what one request costs each side.
 * PostgreSQL's share is read from {@code /proc} (Linux) via the pid in {@code postmaster.pid};
 * where that cannot be read it is reported as -1.
 */
final class CpuMeter {

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    private final Path postmasterPid;

    CpuMeter(Path dataDirectory) {
        this.postmasterPid = dataDirectory == null ? null : dataDirectory.resolve("postmaster.pid");
    }

    record Sample(long nanos, double jvmSeconds, double databaseSeconds) {

        /** {@code app_cpu_ms_per_req=... db_cpu_ms_per_req=... machine_cores_used=...} over {@code requests} since {@code before}. */
        String perRequest(Sample before, long requests) {
            double wall = (nanos - before.nanos) / 1e9;
            double jvm = jvmSeconds - before.jvmSeconds;
            double db = databaseSeconds < 0 || before.databaseSeconds < 0 ? -1 : databaseSeconds - before.databaseSeconds;
            long n = Math.max(1, requests);
            return String.format(Locale.ROOT, "jvm_cpu_ms_per_req=%.3f db_cpu_ms_per_req=%.3f jvm_cores=%.2f db_cores=%.2f",
                    1000 * jvm / n, db < 0 ? -1 : 1000 * db / n, jvm / wall, db < 0 ? -1 : db / wall);
        }
    }

    Sample now() {
        double jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
        return new Sample(System.nanoTime(), jvm, databaseSeconds());
    }

    private double databaseSeconds() {
        try {
            if (postmasterPid == null || !Files.exists(postmasterPid)) {
                return -1;
            }
            String pid = Files.readAllLines(postmasterPid).getFirst().trim();
            double ticks = 0;
            try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
                for (Path process : processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                    List<String> stat = stat(process);
                    if (stat != null && (process.getFileName().toString().equals(pid) || stat.get(1).equals(pid))) {
                        ticks += Long.parseLong(stat.get(11)) + Long.parseLong(stat.get(12));
                    }
                }
            }
            return ticks / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Fields of /proc/pid/stat after the command name: state, ppid, ... (index 1 is ppid, 11/12 utime/stime). */
    private static List<String> stat(Path process) {
        try {
            String text = Files.readString(process.resolve("stat"));
            return List.of(text.substring(text.lastIndexOf(')') + 2).split(" "));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
