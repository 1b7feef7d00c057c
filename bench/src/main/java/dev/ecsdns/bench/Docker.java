package dev.ecsdns.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The docker CLI, bounded in time; everything this run creates carries its label, so run.sh can always remove it. */
final class Docker {

    static final String LABEL = "dev.ecsdns.bench.run=" + System.getenv().getOrDefault("BENCH_RUN_ID", "manual");

    private Docker() {
    }

    /** Runs docker with args; returns its trimmed output; fails with the output if it exits non-zero. */
    static String run(String... args) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            String out = new String(process.getInputStream().readAllBytes()).trim();
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command + " -> " + process.exitValue() + ": " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The host pid of a container's first process (the JVM: Jib images start java directly). */
    static long pid(String container) {
        return Long.parseLong(run("inspect", "-f", "{{.State.Pid}}", container));
    }

    static String ip(String container) {
        return run("inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", container);
    }

    static void remove(String container) {
        try {
            run("rm", "-f", container);
        } catch (IllegalStateException e) {
            // already gone
        }
    }

    static boolean available() {
        try {
            run("info", "-f", "{{.ServerVersion}}");
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
