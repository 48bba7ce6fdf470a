package dev.mercato.platform.database;

import java.io.IOException;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small shell process, child of the JVM, that stops PostgreSQL (fast shutdown) when the JVM is
 * gone. A JVM killed with SIGKILL runs no shutdown hook, and the server does not notice on its own:
 * pg_ctl detached it. The JVM's children are not killed with it, so the watchdog outlives the JVM
 * for the second it takes to notice. It ignores SIGINT, SIGTERM and SIGHUP, which a terminal sends
 * to the whole process group: then the JVM shuts the server down itself.
 * On a normal stop the watchdog is destroyed after the server stops. Where there is no POSIX shell
 * there is no watchdog, and the next start stops the orphaned server instead ({@link Postmaster}).
 */
final class PostmasterWatchdog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PostmasterWatchdog.class);

    private final Process process;

    private PostmasterWatchdog(Process process) {
        this.process = process;
    }

    static Optional<PostmasterWatchdog> watch(long postmasterPid) {
        if (!Postmaster.Posix.AVAILABLE) {
            return Optional.empty();
        }
        long jvm = ProcessHandle.current().pid();
        String script = "trap '' INT TERM HUP; while kill -0 " + jvm + " 2>/dev/null; do sleep 1; done; kill -INT "
                + postmasterPid + " 2>/dev/null";
        try {
            Process process = new ProcessBuilder("sh", "-c", script)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return Optional.of(new PostmasterWatchdog(process));
        } catch (IOException e) {
            log.warn("no PostgreSQL watchdog: a killed JVM leaves the server running until the next start stops it error={}",
                    e.toString());
            return Optional.empty();
        }
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        // SIGKILL: the watchdog ignores the polite signals by design
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
