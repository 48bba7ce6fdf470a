package dev.mercato.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped alert rules are valid and behave as their unit tests say, checked by Prometheus' own
 * {@code promtool} (Debian package {@code prometheus}). CI installs it ({@code .ci/run}) and sets
 * {@code MERCATO_REQUIRE_PROMTOOL=1}, so there a missing promtool fails these tests; on a developer's
 * machine without it they are skipped with a message saying so. Which metrics the rules read is
 * checked against a running Mercato by {@link AlertMetricsTests}.
 */
class AlertRulesTests {

    static final Path PROMETHEUS = Path.of("deploy/prometheus");

    private static String promtool;

    @BeforeAll
    static void findPromtool() {
        promtool = onPath("promtool");
        boolean required = "1".equals(System.getenv("MERCATO_REQUIRE_PROMTOOL"));
        assertThat(promtool != null || !required)
                .as("MERCATO_REQUIRE_PROMTOOL=1 but no promtool on PATH (.ci/run installs Debian's prometheus package)").isTrue();
        assumeTrue(promtool != null, "promtool not on PATH: alert rules not checked here (apt-get install prometheus; CI always runs them)");
    }

    @Test
    void promtoolAcceptsTheRules() {
        Run check = promtool("check", "rules", "mercato-rules.yml");
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS");
    }

    @Test
    void everyRulesUnitTestPasses() {
        Run test = promtool("test", "rules", "tests/mercato-rules.test.yml");
        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS").doesNotContain("FAILED");
    }

    @Test
    void theScrapeConfigurationIsValid() {
        // syntax only: the admin token file it names exists on the Prometheus server, not here
        Run check = promtool("check", "config", "--syntax-only", "prometheus.yml");
        assertThat(check.exitCode()).as(check.output()).isZero();
    }

    @Test
    void everyAlertHasAUnitTestThatFiresIt() throws IOException {
        List<String> alerts = PromRules.alerts(PROMETHEUS.resolve("mercato-rules.yml")).stream().map(PromRules.Alert::name).toList();
        String tests = Files.readString(PROMETHEUS.resolve("tests/mercato-rules.test.yml"));
        for (String alert : alerts) {
            // a firing expectation names the alert and then lists exp_labels
            assertThat(tests).as("a unit test expecting %s to fire", alert)
                    .containsPattern("alertname: " + alert + "\\s+exp_alerts:\\s+- exp_labels");
        }
    }

    private static Run promtool(String... arguments) {
        List<String> command = new java.util.ArrayList<>(List.of(promtool));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).directory(PROMETHEUS.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
            return new Run(process.exitValue(), output);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String onPath(String program) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(directory, program);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    private record Run(int exitCode, String output) {
    }
}
