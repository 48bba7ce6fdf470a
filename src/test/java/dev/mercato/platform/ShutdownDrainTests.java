package dev.mercato.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mercato.support.Api;
import dev.mercato.support.ServerProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17: with {@code mercato.platform.shutdown.drain-delay}, a node sent SIGTERM answers its
 * readiness probe 503 while it still serves requests on new connections, for the delay, so a load
 * balancer that follows the probe stops sending before the connector closes. Mercato runs in a
 * child JVM, as in {@link GracefulShutdownTests}.
 */
class ShutdownDrainTests {

    @Test
    void afterSigtermReadinessIsDownWhileRequestsAreStillServedForTheDrainDelay() throws Exception {
        Path dataDirectory = Files.createTempDirectory(Path.of("target"), "drain-postgres-").resolve("postgres");
        int port = ServerProcess.freePort();
        try (ServerProcess server = ServerProcess.start(dataDirectory.resolveSibling("mercato.log"),
                dev.mercato.MercatoApplication.class.getName(), "--spring.profiles.active=test", "--server.port=" + port,
                "--mercato.platform.embedded-postgres.data-directory=" + dataDirectory,
                "--mercato.search.lucene.directory=" + dataDirectory.resolveSibling("search"),
                "--mercato.platform.shutdown.drain-delay=4s")) {
            server.awaitReady(port, Duration.ofSeconds(180));
            Api api = new Api(port);
            assertThat(api.get("/api/products?limit=1", null).status()).isEqualTo(200);

            long signalled = System.nanoTime();
            server.terminate();
            // each probe on a new connection (the JDK client's pool would keep one open otherwise)
            List<String> seen = new ArrayList<>();
            boolean servedWhileNotReady = false;
            while (System.nanoTime() - signalled < Duration.ofSeconds(3).toNanos()) {
                int readiness = status(port, "/actuator/health/readiness");
                int browse = status(port, "/api/products?limit=1");
                seen.add(readiness + "/" + browse);
                servedWhileNotReady |= readiness == 503 && browse == 200;
                Thread.sleep(100);
            }
            assertThat(servedWhileNotReady).as("readiness/browse seen in the first 3 s after SIGTERM: " + seen).isTrue();
            assertThat(server.awaitExit(Duration.ofSeconds(60))).isIn(0, 143);
            String log = server.output();
            assertThat(log).contains("shutdown drain: readiness refuses traffic");
            assertThat(log.indexOf("shutdown drain over")).as("the graceful shutdown began after the delay")
                    .isPositive().isLessThan(log.indexOf("Commencing graceful shutdown"));
        }
    }

    /** The status of one GET on its own connection; -1 when it was refused or cut. */
    private static int status(int port, String path) {
        try {
            return dev.mercato.support.RawHttp.send(port, "GET", path, List.of(), new byte[0], false, 0).status();
        } catch (RuntimeException refused) {
            return -1;
        }
    }
}
