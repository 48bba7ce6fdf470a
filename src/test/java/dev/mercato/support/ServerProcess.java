package dev.mercato.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** A child JVM on the test's class path: what the crash and shutdown tests start, signal and start again. */
public final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private ServerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static ServerProcess start(Path log, String mainClass, String... args) throws IOException {
        // Start-up is mostly class loading and JIT work competing for the CPU with the test JVM (and on
        // a shared machine with everything else): C1 alone compiles far less during start-up, one
        // serial collector thread does not compete with it, and the child serves a few hundred
        // requests at most, which C1 code answers as well as C2 code would.
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ServerProcess(process, log);
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** SIGTERM, as an orchestrator stops a service; returns at once. */
    public void terminate() {
        process.destroy();
    }

    /** The exit code, once the JVM has exited within {@code timeout}. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            throw new AssertionError("child JVM still running after " + timeout);
        }
        return process.exitValue();
    }

    /** Mercato itself, with the test profile, on {@code port}, keeping its data beside {@code dataDirectory}. */
    public static ServerProcess startMercato(Path dataDirectory, int port, String name) throws IOException {
        return start(dataDirectory.resolveSibling(name + ".log"), dev.mercato.MercatoApplication.class.getName(),
                "--spring.profiles.active=test",
                "--server.port=" + port,
                "--mercato.platform.embedded-postgres.data-directory=" + dataDirectory,
                "--mercato.search.lucene.directory=" + dataDirectory.resolveSibling("search"));
    }

    /** Waits until the readiness probe answers 200, as long as the child makes progress (see {@link #await}). */
    public void awaitReady(int port, Duration timeout) throws Exception {
        Api api = new Api(port);
        await(() -> {
            try {
                return api.get("/actuator/health/readiness", null).status() == 200;
            } catch (RuntimeException e) {
                return false;
            }
        }, timeout, "readiness on port " + port);
    }

    /** SIGKILL, as the OOM killer sends it: no shutdown hook runs. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGKILL to the JVM's own children first (the watchdog), then to the JVM. */
    public void killWithChildren() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        kill();
    }

    public String output() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    public void awaitOutput(String text, Duration timeout) throws Exception {
        await(() -> {
            try {
                return output().contains(text);
            } catch (IOException e) {
                return false;
            }
        }, timeout, "output containing '" + text + "'");
    }

    /**
     * Waits for {@code condition} while the child makes progress: {@code quiet} is how long it may go
     * without writing a line of log or using CPU before the wait fails, so a start-up slowed down by
     * a loaded machine is waited for and a hung one is not; {@link #LONGEST_WAIT} bounds it all.
     */
    public void await(BooleanSupplier condition, Duration quiet, String what) throws Exception {
        Instant started = Instant.now();
        Instant lastProgress = started;
        Progress seen = progress();
        while (!condition.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new AssertionError("child JVM exited with " + process.exitValue() + " before " + what + ":\n" + output());
            }
            Instant now = Instant.now();
            Progress current = progress();
            if (!current.equals(seen)) {
                seen = current;
                lastProgress = now;
            }
            if (now.isAfter(lastProgress.plus(quiet)) || now.isAfter(started.plus(LONGEST_WAIT))) {
                throw new AssertionError("no " + what + " after " + Duration.between(started, now).toSeconds() + " s, the last "
                        + Duration.between(lastProgress, now).toSeconds() + " s without progress (log " + current.logBytes()
                        + " bytes, CPU " + current.cpu().toMillis() + " ms):\n" + output());
            }
            Thread.sleep(100);
        }
    }

    /** However much progress the child keeps making. */
    static final Duration LONGEST_WAIT = Duration.ofMinutes(10);

    /** What the child has done so far; CPU time is counted in whole seconds, so a spinning but idle JVM's housekeeping does not count. */
    private record Progress(long logBytes, Duration cpu) {
    }

    private Progress progress() throws IOException {
        long bytes = Files.exists(log) ? Files.size(log) : 0;
        Duration cpu = process.toHandle().info().totalCpuDuration().map(d -> Duration.ofSeconds(d.toSeconds())).orElse(Duration.ZERO);
        return new Progress(bytes, cpu);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
