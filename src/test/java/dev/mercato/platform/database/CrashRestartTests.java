package dev.mercato.platform.database;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.mercato.support.Api;
import dev.mercato.support.ServerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 12: a Mercato killed with SIGKILL left its embedded PostgreSQL running on the data
 * directory, and the next start failed ("Gave up waiting for server to start"). Each test runs
 * Mercato in a child JVM so that it can be killed the way the OOM killer kills it.
 */
class CrashRestartTests {

    /** How long start-up may go without progress, neither log nor CPU ({@link ServerProcess#await}). */
    private static final Duration STARTUP = Duration.ofSeconds(120);

    @Test
    void startsAgainAfterItsJvmWasKilledWithDataIntactAndNothingLeftBehind() throws Exception {
        Path dataDirectory = Files.createTempDirectory(Path.of("target"), "crash-postgres-").resolve("postgres");
        String email = "survivor-" + System.nanoTime() + "@example.com";

        int firstPort = ServerProcess.freePort();
        try (ServerProcess first = startMercato(dataDirectory, firstPort, "first")) {
            awaitReady(first, firstPort);
            var registered = new Api(firstPort).post("/api/auth/register",
                    Map.of("email", email, "password", "survive-the-crash-3", "name", "Survivor"), null);
            assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
            // the watchdog too: this is the case where nothing of the first run gets to clean up
            first.killWithChildren();
        }
        Optional<Long> orphan = Postmaster.pidIn(dataDirectory);
        assertThat(orphan).as("the killed Mercato's PostgreSQL is still running").isPresent();
        assertThat(ProcessHandle.of(orphan.get()).map(ProcessHandle::isAlive)).contains(true);

        int secondPort = ServerProcess.freePort();
        Optional<Long> second;
        try (ServerProcess again = startMercato(dataDirectory, secondPort, "second")) {
            awaitReady(again, secondPort);
            var login = new Api(secondPort).post("/api/auth/login", Map.of("email", email, "password", "survive-the-crash-3"), null);
            assertThat(login.status()).as("committed before the crash, there after it: " + login).isEqualTo(200);
            assertThat(again.output()).contains("stopping PostgreSQL left running by a Mercato that died");
            second = Postmaster.pidIn(dataDirectory);
            assertThat(second).isPresent().isNotEqualTo(orphan);
        }
        assertThat(Postmaster.pidIn(dataDirectory)).as("a graceful stop leaves no PostgreSQL behind").isEmpty();
        assertGone(orphan.get());
        assertGone(second.get());
    }

    @Test
    void watchdogStopsThePostgresOfAKilledJvm() throws Exception {
        Path dataDirectory = Files.createTempDirectory(Path.of("target"), "watchdog-postgres-").resolve("postgres");
        try (ServerProcess server = startServerOnly(dataDirectory)) {
            server.awaitOutput("READY", STARTUP);
            long postmaster = Postmaster.pidIn(dataDirectory).orElseThrow();

            server.kill();

            ProcessHandle handle = ProcessHandle.of(postmaster).orElseThrow();
            assertThat(handle.onExit()).succeedsWithin(Duration.ofSeconds(40));
        }
        assertThat(Postmaster.pidIn(dataDirectory)).as("a fast shutdown removes the pid file").isEmpty();
    }

    @Test
    void refusesADataDirectoryThatALiveMercatoUses() throws Exception {
        Path dataDirectory = Files.createTempDirectory(Path.of("target"), "shared-postgres-").resolve("postgres");
        try (ServerProcess owner = startServerOnly(dataDirectory)) {
            owner.awaitOutput("READY", STARTUP);
            long postmaster = Postmaster.pidIn(dataDirectory).orElseThrow();

            assertThatThrownBy(() -> new EmbeddedPostgresServer(
                    new EmbeddedPostgresSettings(dataDirectory, 0, Duration.ofSeconds(60), Map.of())))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is in use by a running Mercato (pid " + owner.handle().pid() + ")");
            assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive)).as("the owner's server is untouched").contains(true);
        }
    }

    /** Gone, or a zombie waiting for init to reap it: a process that has exited, whoever its parent is. */
    private static void assertGone(long pid) throws Exception {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        if (!Files.exists(status)) {
            return;
        }
        String state = Files.readAllLines(status).stream().filter(line -> line.startsWith("State:")).findFirst().orElse("");
        assertThat(state).as("process " + pid + " has exited").contains("Z");
    }

    private static ServerProcess startMercato(Path dataDirectory, int port, String name) throws Exception {
        return ServerProcess.startMercato(dataDirectory, port, name);
    }

    private static ServerProcess startServerOnly(Path dataDirectory) throws Exception {
        return ServerProcess.start(dataDirectory.resolveSibling("server.log"), EmbeddedServerOnly.class.getName(),
                dataDirectory.toString());
    }

    private static void awaitReady(ServerProcess server, int port) throws Exception {
        server.awaitReady(port, STARTUP);
    }
}
