package dev.mercato.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * No container engine runs on this project's machines, so the image is never built here. What can
 * be checked without one is checked: two stages (JDK build with the wrapper, JRE run), the run stage
 * drops root before the entry point, the health check probes the readiness route, the entry point
 * is exec form (the JVM gets SIGTERM itself and drains), and what the build stage copies exists.
 */
class DockerfileTests {

    private static final Path DOCKERFILE = Path.of("Dockerfile");

    @Test
    void buildsOnAJdkWithTheWrapperAndRunsOnAJreAsANonRootUser() throws IOException {
        List<String> lines = instructions();
        List<String> stages = lines.stream().filter(line -> line.startsWith("FROM ")).toList();
        assertThat(stages).hasSize(2);
        assertThat(stages.get(0)).matches("FROM eclipse-temurin:(2[1-9]|[3-9][0-9])-jdk AS build");
        assertThat(stages.get(1)).matches("FROM eclipse-temurin:(2[1-9]|[3-9][0-9])-jre");
        assertThat(lines).anyMatch(line -> line.startsWith("RUN ./mvnw ") && line.contains(" package "));

        List<String> runStage = lines.subList(lines.indexOf(stages.get(1)), lines.size());
        List<String> users = runStage.stream().filter(line -> line.startsWith("USER ")).toList();
        assertThat(users).as("the run stage names its user").isNotEmpty();
        assertThat(users.getLast()).doesNotContain("root").doesNotMatch("USER 0(:.*)?");
        int user = runStage.indexOf(users.getLast());
        int entrypoint = indexOf(runStage, "ENTRYPOINT ");
        assertThat(user).as("root dropped before the entry point").isLessThan(entrypoint);
        assertThat(runStage.get(entrypoint)).as("exec form").startsWith("ENTRYPOINT [\"java\"");
    }

    @Test
    void theHealthCheckProbesReadiness() throws IOException {
        String healthcheck = instructions().stream().filter(line -> line.startsWith("HEALTHCHECK ")).findFirst().orElseThrow();
        assertThat(healthcheck).contains("http://127.0.0.1:8080/actuator/health/readiness");
    }

    @Test
    void whatTheBuildStageCopiesExists() throws IOException {
        Matcher copy = Pattern.compile("^COPY (?!--from)(.+) (\\S+)$").matcher("");
        for (String line : instructions()) {
            if (copy.reset(line).matches()) {
                for (String source : copy.group(1).split(" ")) {
                    assertThat(Path.of(source)).as(line).exists();
                }
            }
        }
    }

    /** One instruction per element, continuation lines joined, comments dropped. */
    private static List<String> instructions() throws IOException {
        String text = Files.readString(DOCKERFILE).replaceAll("(?m)^\\s*#.*\\n", "").replaceAll("\\\\\\n\\s*", " ");
        return text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no " + prefix + "instruction");
    }
}
