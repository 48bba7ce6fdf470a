package dev.mercato.platform.database;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded server Mercato runs by default flushes its commits to disk: the library it comes
 * from starts PostgreSQL with {@code -F} (fsync off), under which an acknowledged order survives the
 * process dying but not the machine losing power. Only a setting given on purpose turns it off.
 */
class EmbeddedPostgresDurabilityTests {

    @TempDir
    Path directory;

    @Test
    void commitsAreFlushedByDefaultAndOnlyAnExplicitSettingTurnsItOff() throws Exception {
        assertThat(settingsOf(new EmbeddedPostgresSettings(directory.resolve("default"), 0, Duration.ofSeconds(60), Map.of())))
                .isEqualTo("fsync=on synchronous_commit=on");
        assertThat(settingsOf(new EmbeddedPostgresSettings(directory.resolve("off"), 0, Duration.ofSeconds(60), Map.of("fsync", "off"))))
                .isEqualTo("fsync=off synchronous_commit=on");
    }

    private static String settingsOf(EmbeddedPostgresSettings settings) throws Exception {
        try (var server = new EmbeddedPostgresServer(settings);
                var connection = java.sql.DriverManager.getConnection(server.jdbcUrl("postgres"), "postgres", "");
                var rows = connection.createStatement().executeQuery("""
                        SELECT string_agg(name || '=' || setting, ' ' ORDER BY name) FROM pg_settings
                        WHERE name IN ('fsync', 'synchronous_commit')""")) {
            rows.next();
            return rows.getString(1);
        }
    }
}
