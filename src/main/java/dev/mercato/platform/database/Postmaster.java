package dev.mercato.platform.database;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL server process recorded in a data directory's {@code postmaster.pid}. pg_ctl
 * starts the server detached from the JVM (it is re-parented to init and sits in a session of its
 * own), so when the JVM is killed the server keeps running and holds the directory: the next start
 * then fails. This class finds such a server and stops it the way PostgreSQL documents: SIGINT is
 * the fast shutdown (clients disconnected, a checkpoint written), SIGQUIT the immediate one (crash
 * recovery at the next start, nothing committed is lost).
 */
final class Postmaster {

    private static final Logger log = LoggerFactory.getLogger(Postmaster.class);
    private static final Duration FAST_SHUTDOWN_WAIT = Duration.ofSeconds(30);
    private static final Duration IMMEDIATE_SHUTDOWN_WAIT = Duration.ofSeconds(10);

    private final ProcessHandle process;

    private Postmaster(ProcessHandle process) {
        this.process = process;
    }

    /** The live server the directory's pid file names; empty if there is none or the pid is reused by another program. */
    static Optional<Postmaster> runningIn(Path dataDirectory) {
        return pidIn(dataDirectory)
                .flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                // a pid file left by a crash can name a pid the OS has since given to another program
                .filter(handle -> handle.info().command().map(command -> command.endsWith("postgres")).orElse(true))
                .map(Postmaster::new);
    }

    static Optional<Long> pidIn(Path dataDirectory) {
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"), StandardCharsets.US_ASCII);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.getFirst().trim()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | NumberFormatException e) {
            log.warn("unreadable postmaster.pid dataDirectory={} error={}", dataDirectory, e.toString());
            return Optional.empty();
        }
    }

    long pid() {
        return process.pid();
    }

    /** Fast shutdown, then immediate shutdown if the server did not stop in time. */
    void stop() {
        if (signal("INT", FAST_SHUTDOWN_WAIT) || signal("QUIT", IMMEDIATE_SHUTDOWN_WAIT)) {
            return;
        }
        throw new IllegalStateException("PostgreSQL pid " + pid() + " did not stop after SIGINT and SIGQUIT");
    }

    private boolean signal(String signal, Duration wait) {
        try {
            if (!Posix.AVAILABLE) {
                process.destroy();
            } else {
                new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).inheritIO().start().waitFor();
            }
            process.onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (IOException | ExecutionException e) {
            throw new IllegalStateException("could not signal PostgreSQL pid " + pid(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping PostgreSQL pid " + pid(), e);
        }
    }

    /** Whether the POSIX tools this class and {@link PostmasterWatchdog} run ({@code kill}, {@code sh}) exist. */
    static final class Posix {
        static final boolean AVAILABLE = !System.getProperty("os.name", "").toLowerCase().startsWith("windows");

        private Posix() {
        }
    }
}
