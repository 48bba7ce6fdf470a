package dev.mercato.platform.database;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Main of a child JVM that runs only the embedded server: {@code <dataDirectory>}. */
final class EmbeddedServerOnly {

    private EmbeddedServerOnly() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(
                new EmbeddedPostgresSettings(Path.of(args[0]), 0, Duration.ofSeconds(60), Map.of()));
        System.out.println("READY port=" + server.port());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
