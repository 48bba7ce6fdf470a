package dev.mercato.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mercato.support.ServerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The script's refusals and its rollback window, in seconds: the sides are a stand-in
 * ({@code blue-green/FakeSide.java}, ready at once) so only bluegreen.sh and nginx are exercised.
 * {@link BlueGreenDeployTests} runs the same script with Mercato under load.
 */
class BlueGreenScriptTests {

    private static final Path SCRIPT = Path.of("deploy/blue-green/bluegreen.sh").toAbsolutePath();
    private static final Path NGINX = Path.of(System.getenv().getOrDefault("MERCATO_NGINX", "/usr/sbin/nginx"));
    private static final Path FAKE_SIDE = Path.of("src/test/resources/blue-green/FakeSide.java").toAbsolutePath();

    private final Map<String, String> environment = new HashMap<>();
    private Path state;

    private record Run(int exit, String output) {
    }

    @BeforeEach
    void up() throws Exception {
        boolean required = "1".equals(System.getenv("MERCATO_REQUIRE_NGINX"));
        assertThat(Files.isExecutable(NGINX) || !required).as("MERCATO_REQUIRE_NGINX=1 but no nginx at " + NGINX).isTrue();
        assumeTrue(Files.isExecutable(NGINX), "nginx not installed at " + NGINX + ": blue-green script not tested here");
        state = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "blue-green-script-").resolve("state");
        String java = ProcessHandle.current().info().command().orElse("java");
        environment.put("BG_STATE", state.toString());
        environment.put("BG_NGINX", NGINX.toString());
        environment.put("BG_LISTEN", "127.0.0.1:" + ServerProcess.freePort());
        environment.put("BG_BLUE_PORT", String.valueOf(ServerProcess.freePort()));
        environment.put("BG_GREEN_PORT", String.valueOf(ServerProcess.freePort()));
        environment.put("BG_DRAIN_GRACE", "2");
        environment.put("BG_READY_TIMEOUT", "60");
        environment.put("BG_START", "'" + java + "' " + FAKE_SIDE);
        assertThat(script("up").exit()).isZero();
    }

    @AfterEach
    void down() throws Exception {
        if (state != null) {
            script("down");
        }
    }

    @Test
    void aSideThatNeverBecomesReadyIsNotSwitchedTo() throws Exception {
        environment.put("BG_START", "exit 3");
        Run cutover = script("cutover");
        assertThat(cutover.exit()).as(cutover.output()).isNotZero();
        assertThat(cutover.output()).contains("green (pid", "exited before it was ready");
        assertThat(live()).isEqualTo("blue");
        assertThat(Files.readString(state.resolve("upstream.conf"))).doesNotContain(environment.get("BG_GREEN_PORT"));
    }

    @Test
    void theOldSideIsDrainedWhenTheRollbackWindowEnds() throws Exception {
        environment.put("BG_ROLLBACK_WINDOW", "2");
        Run cutover = script("cutover");
        assertThat(cutover.exit()).as(cutover.output()).isZero();
        assertThat(cutover.output()).contains("rollback window: blue stays up for 2s", "draining blue");
        assertThat(live()).isEqualTo("green");
        assertThat(Files.exists(state.resolve("standby"))).as("nothing kept warm any more").isFalse();
        assertThat(Files.readString(state.resolve("upstream.conf"))).doesNotContain(environment.get("BG_BLUE_PORT"));
        Run rollback = script("rollback");
        assertThat(rollback.exit()).isNotZero();
        assertThat(rollback.output()).contains("nothing to roll back to");
    }

    @Test
    void noRollbackToASideThatIsGone() throws Exception {
        assertThat(script("cutover").exit()).isZero();
        long blue = Long.parseLong(Files.readString(state.resolve("blue.pid")).trim());
        ProcessHandle.of(blue).ifPresent(ProcessHandle::destroyForcibly);
        Thread.sleep(500);
        Run rollback = script("rollback");
        assertThat(rollback.exit()).as(rollback.output()).isNotZero();
        assertThat(rollback.output()).contains("blue (pid " + blue + ") is not running any more");
        assertThat(live()).isEqualTo("green");
    }

    private String live() throws Exception {
        return Files.readString(state.resolve("live")).trim();
    }

    private Run script(String command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString(), command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Path log = Files.createTempFile(state.getParent(), command + "-", ".log");
        Process process = builder.redirectOutput(log.toFile()).start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("bluegreen.sh " + command + " still running after 2 minutes:\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        System.out.print(output);
        return new Run(process.exitValue(), output);
    }
}
