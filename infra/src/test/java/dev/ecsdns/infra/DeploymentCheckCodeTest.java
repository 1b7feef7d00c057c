package dev.ecsdns.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The deployment check's own Python tests (lambda/deployment_check/test_check.py): the function against real HTTP
 * servers on loopback, run here so that {@code ./mvnw -pl infra verify} covers it.
 */
class DeploymentCheckCodeTest {

    @Test
    void passesItsOwnTestsAgainstRealHttpServers() throws IOException, InterruptedException {
        Process python = new ProcessBuilder("python3", "-W", "error::ResourceWarning", "-m", "unittest", "-v",
                "test_check")
                .directory(Path.of(DeploymentCheck.CODE_PATH).toFile())
                .redirectErrorStream(true)
                .start();
        boolean finished = python.waitFor(120, TimeUnit.SECONDS);
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(finished).as("python3 -m unittest finished within 120 s").isTrue();
        assertThat(python.exitValue()).as(output).isZero();
        assertThat(output).contains("Ran 5 tests").contains("OK");
    }
}
