package dev.ecsdns.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion within a time limit and returns its exit code and output (stderr merged). */
final class Sh {

    record Result(int exit, String out, double seconds) {
        boolean ok() {
            return exit == 0;
        }
    }

    private Sh() {
    }

    static Result run(Duration limit, String... command) {
        return run(null, limit, List.of(command));
    }

    static Result run(Path dir, Duration limit, List<String> command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            if (dir != null) {
                builder.directory(dir.toFile());
            }
            long start = System.nanoTime();
            Process process = builder.start();
            StringBuilder out = new StringBuilder();
            Thread reader = new Thread(() -> {
                try (InputStream in = process.getInputStream()) {
                    out.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // process gone
                }
            });
            reader.start();
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                reader.join(2000);
                return new Result(-1, out + "\n(timed out after " + limit + ")", (System.nanoTime() - start) / 1e9);
            }
            reader.join(5000);
            return new Result(process.exitValue(), out.toString(), (System.nanoTime() - start) / 1e9);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs and fails with the output when the exit code is not 0; returns the trimmed output. */
    static String ok(Duration limit, String... command) {
        Result result = run(limit, command);
        if (!result.ok()) {
            throw new IllegalStateException(String.join(" ", command) + " -> " + result.exit() + ": " + result.out());
        }
        return result.out().trim();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
