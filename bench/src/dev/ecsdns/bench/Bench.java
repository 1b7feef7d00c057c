package dev.ecsdns.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/** The benchmark's entry point (run by bench/run.sh): the sections asked for, then the table. */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        Config config = Config.load(args);
        Files.createDirectories(config.runDir());
        Cleanup.pidFile(config.runDir().resolve("pids"));
        Report report = new Report(config);
        describeMachine(config, report);
        long start = System.nanoTime();
        if (config.experiments()) {
            section(config, report, "experiments", () -> new FlagExperiments(config, report).run());
        }
        for (String section : config.sections()) {
            switch (section) {
                case "startup" -> section(config, report, section, () -> new StartupBench(config, report).run());
                case "memory" -> dockerSection(config, report, section, () -> new MemoryBench(config, report).run());
                case "hop" -> section(config, report, section, () -> new HopBench(config, report).run());
                case "convergence" -> section(config, report, section, () -> new ConvergenceBench(config, report).run());
                case "jib" -> dockerSection(config, report, section, () -> new JibBench(config, report).run());
                default -> report.note("unknown section " + section);
            }
        }
        report.header(String.format(Locale.ROOT, "Run time: %.1f min; load average at the end: %s",
            (System.nanoTime() - start) / 60e9, Procfs.loadavg()));
        report.write();
        Cleanup.runAll();
    }

    interface Section {
        void run() throws Exception;
    }

    private static void dockerSection(Config config, Report report, String name, Section section) {
        if (!config.docker()) {
            report.note(name + ": skipped, no Docker engine");
            return;
        }
        section(config, report, name, section);
    }

    /** Runs one section; waits for a quiet machine first when asked; a failure is reported and the run goes on. */
    private static void section(Config config, Report report, String name, Section section) {
        waitForIdle(config);
        String load = Procfs.loadavg();
        System.out.println("[bench] === " + name + " (load average " + load + ")");
        long start = System.nanoTime();
        try {
            section.run();
        } catch (Exception | Error e) {
            e.printStackTrace();
            report.note(name + " FAILED: " + e.getMessage().lines().limit(3).reduce("", (a, b) -> a + " " + b));
        } finally {
            Cleanup.runAll();
        }
        report.note(String.format(Locale.ROOT, "%s: %.1f min, load average at its start %s, at its end %s", name,
            (System.nanoTime() - start) / 60e9, load, Procfs.loadavg()));
    }

    private static void waitForIdle(Config config) {
        long deadline = System.nanoTime() + Duration.ofMinutes(config.waitIdleMinutes()).toNanos();
        while (Procfs.load1() > 1.0 && System.nanoTime() < deadline) {
            System.out.println("[bench] waiting for the machine to be quiet (load " + Procfs.loadavg() + ")");
            Sh.sleep(30_000);
        }
    }

    private static void describeMachine(Config config, Report report) throws Exception {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
            .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
        String mem = Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("[^0-9]", "");
        String git = Sh.run(Duration.ofSeconds(10), "git", "-C", config.root().toString(), "rev-parse", "--short", "HEAD").out().trim();
        boolean dirty = !Sh.run(Duration.ofSeconds(20), "git", "-C", config.root().toString(), "status", "--porcelain").out().isBlank();
        report.header(String.format(Locale.ROOT, "Machine: %s CPUs (nproc), %s, %.0f GB RAM; load average at the start: %s",
            System.getenv().getOrDefault("BENCH_NPROC", "?"), cpu, Long.parseLong(mem) / 1048576.0, Procfs.loadavg()));
        report.header("Code: " + git + (dirty ? " plus uncommitted changes (working tree snapshot)" : ""));
        report.header("Process runs: " + Jvm.describe(config.serviceJava()) + ", flags of the images ("
            + String.join(" ", config.imageFlags()) + ") + -XX:MaxRAM=512m" + (config.extraFlags().isEmpty() ? ""
            : " + " + String.join(" ", config.extraFlags())) + "; users' images run Temurin 21");
        if (config.docker()) {
            report.header("Containers: images built by Jib from " + config.baseImage() + " (" + Jvm.describeImage(Svc.API.image())
                + "), --cpus 0.25 --memory 512m, DynamoDB Local " + config.dynamoDbImage());
        }
    }
}
