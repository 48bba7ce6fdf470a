package dev.mercato.platform.database;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** A child JVM on the test's class path: what the crash tests start, kill and start again. */
final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private ServerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static ServerProcess start(Path log, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ServerProcess(process, log);
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    /** SIGKILL, as the OOM killer sends it: no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGKILL to the JVM's own children first (the watchdog), then to the JVM. */
    void killWithChildren() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        kill();
    }

    String output() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    void awaitOutput(String text, Duration timeout) throws Exception {
        await(() -> {
            try {
                return output().contains(text);
            } catch (IOException e) {
                return false;
            }
        }, timeout, "output containing '" + text + "'");
    }

    void await(BooleanSupplier condition, Duration timeout, String what) throws Exception {
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

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Main of a child JVM that only runs the embedded server: {@code <dataDirectory>}. */
    static final class EmbeddedServerOnly {
        public static void main(String[] args) throws Exception {
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(
                    new EmbeddedPostgresSettings(Path.of(args[0]), 0, Duration.ofSeconds(60), java.util.Map.of()));
            System.out.println("READY port=" + server.port());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
