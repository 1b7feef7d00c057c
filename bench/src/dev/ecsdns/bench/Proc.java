package dev.ecsdns.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A child process this run started (a service JVM, DynamoDB Local, nginx), with its output in a log file. */
final class Proc implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;
    private final long launchedNanos;
    private final Runnable cleanup;

    private Proc(String name, Process process, Path log, long launchedNanos) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.launchedNanos = launchedNanos;
        this.cleanup = this::kill;
        Cleanup.add(cleanup);
        Cleanup.recordPid(process.pid());
    }

    static Proc start(String name, List<String> command, Map<String, String> env, Path logDir) {
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve(name + ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(env);
            // The mark run.sh's trap looks for before it kills a recorded pid.
            builder.environment().put("ECSDNS_BENCH_RUN", System.getenv().getOrDefault("BENCH_RUN_ID", "manual"));
            long launched = System.nanoTime();
            return new Proc(name, builder.start(), log, launched);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** Polls GET path every 10 ms until it answers 200; returns seconds since launch, or fails with the log's tail. */
    double awaitReady(String host, int port, String path, Duration timeout) {
        long deadline = launchedNanos + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "\n" + tail());
            }
            if (Http.status(host, port, path, 1000) == 200) {
                return (System.nanoTime() - launchedNanos) / 1e9;
            }
            Sh.sleep(10);
        }
        throw new IllegalStateException(name + " not ready on " + host + ":" + port + path + " after " + timeout + "\n" + tail());
    }

    void awaitPort(String host, int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited\n" + tail());
            }
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress(host, port), 200);
                return;
            } catch (IOException e) {
                Sh.sleep(20);
            }
        }
        throw new IllegalStateException(name + " not listening on " + host + ":" + port + "\n" + tail());
    }

    /** Resident set size in MB (VmRSS), as the kernel counts it for this process. */
    double rssMb() {
        return Procfs.rssMb(process.pid());
    }

    /** CPU seconds (user + system) the process has used so far. */
    double cpuSeconds() {
        return Procfs.cpuSeconds(process.pid());
    }

    /** SIGTERM and wait (a clean exit, e.g. so that -XX:ArchiveClassesAtExit writes its archive). */
    int terminate(Duration timeout) {
        process.destroy();
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                Cleanup.remove(cleanup);
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kill();
        return -1;
    }

    /** SIGKILL to the process and its children (nginx's workers outlive a killed master): a crash, and the fast way to end a start-up run. */
    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Cleanup.remove(cleanup);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() {
        kill();
    }
}
