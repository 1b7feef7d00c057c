package dev.ecsdns.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the deploy, destroy and verify scripts (from the infra module, as the tests' working directory) with
 * recording stand-ins first on the PATH for the tools no test may really run: npx and npm (the CDK CLI), docker.
 */
final class Scripts {

    private final Path tools;

    private Scripts(Path tools) {
        this.tools = tools;
    }

    /** Stand-ins for {@code names} in {@code tools}: each appends "name args" to calls.log and exits with 0. */
    static Scripts withStandIns(Path tools, String... names) {
        Scripts scripts = new Scripts(tools);
        for (String name : names) {
            Path script = tools.resolve(name);
            try {
                Files.writeString(script, "#!/usr/bin/env bash\necho \"" + name + " $*\" >> \"" + scripts.callsLog()
                        + "\"\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            assertThat(script.toFile().setExecutable(true)).isTrue();
        }
        return scripts;
    }

    Path callsLog() {
        return tools.resolve("calls.log");
    }

    /** What the stand-ins were called with, one line per call (none when nothing called them). */
    List<String> calls() {
        try {
            return Files.exists(callsLog()) ? Files.readAllLines(callsLog()) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a command in the infra module with the stand-ins first on the PATH and no AWS settings inherited. */
    Result run(List<String> command, Map<String, String> env) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(Path.of("").toAbsolutePath().toFile())
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("CDK_")
                || name.equals("IMAGE_TAG"));
        builder.environment().put("PATH", tools + ":" + PythonCommands.first(System.getenv("PATH")));
        builder.environment().putAll(env);
        return execute(builder);
    }

    /** Runs a process to its end (at most two minutes): its exit code and everything it printed. */
    static Result execute(ProcessBuilder builder) {
        try {
            Process process = builder.redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A finished script: exit code, everything it printed, and the commands it printed ("+ command"). */
    record Result(int exitCode, String output) {
        List<String> commands() {
            List<String> commands = new ArrayList<>();
            output.lines().filter(line -> line.startsWith("+ ")).forEach(line -> commands.add(line.substring(2)));
            return commands;
        }
    }
}
