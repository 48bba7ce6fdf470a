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
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), mainClass));
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

    /** Waits until the readiness probe answers 200. */
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

    public void await(BooleanSupplier condition, Duration timeout, String what) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new AssertionError("child JVM exited with " + process.exitValue() + " before " + what + ":\n" + output());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no " + what + " after " + timeout + ":\n" + output());
            }
            Thread.sleep(100);
        }
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
