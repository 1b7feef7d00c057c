package dev.ecsdns.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark's entry point (bench/run.sh): the sections asked for, each failure reported and the run going on,
 * then the one table.
 *
 * <p>Without arguments: start-up, load and the soak. Arguments: {@code --quick} (fewer start-ups, shorter loads, no
 * soak), {@code --soak} (the 10-minute soak alone), {@code --minutes=N} (the soak's length),
 * {@code --only=startup,load,soak} (sections), {@code --rate=N} (req/s of the load section, default 200, or of the soak,
 * default 10).
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        // On SIGTERM (run.sh's time limit or trap) nothing this run started may outlive it.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants()
            .forEach(ProcessHandle::destroyForcibly)));
        List<String> arguments = Arrays.asList(args);
        boolean quick = arguments.contains("--quick");
        boolean soak = arguments.contains("--soak");
        Setup setup = Setup.fromEnvironment(quick);
        // Every target in one table: start-up, load and the soak (which needs Docker, like the image rows; --quick
        // leaves it out for a short run).
        List<String> all = setup.docker() && !quick ? List.of("startup", "load", "soak") : List.of("startup", "load");
        List<String> sections = soak ? List.of("soak") : arguments.stream().filter(a -> a.startsWith("--only="))
            .map(a -> List.of(a.substring(7).split(","))).findFirst().orElse(all);
        int rate = arguments.stream().filter(a -> a.startsWith("--rate=")).map(a -> Integer.parseInt(a.substring(7)))
            .findFirst().orElse(200);
        // The soak's rate: a steady load the three 0.25 vCPU tasks carry with room to spare (a soak looks for leaks and
        // drift, not for the limit).
        int soakRate = arguments.stream().filter(a -> a.startsWith("--rate=")).map(a -> Integer.parseInt(a.substring(7)))
            .findFirst().orElse(10);
        int soakMinutes = arguments.stream().filter(a -> a.startsWith("--minutes=")).map(a -> Integer.parseInt(a.substring(10)))
            .findFirst().orElse(Setup.smoke() ? 2 : 10);
        Files.createDirectories(setup.work());
        Report report = new Report();
        String started = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        report.header("Run of " + started + ": `bench/run.sh " + String.join(" ", args) + "`, code " + Setup.env("BENCH_GIT", "?"));
        report.header("Machine: " + cpuCount() + " CPUs, " + cpuModel() + "; load average at the start "
            + Procfs.loadavg() + "; servers pinned to CPU " + Setup.SERVER_CPU + ", the harness and its load generator to the other");
        report.header("JVMs: the dev loop's " + setup.devJvm().describe() + " (" + setup.devJvm().java() + "), before: "
            + setup.plainJvm().describe() + "; images from " + Setup.env("BENCH_BASE_IMAGE", "?"));
        long start = System.nanoTime();
        for (String section : sections) {
            long sectionStart = System.nanoTime();
            String load = Procfs.loadavg();
            System.out.println("[bench] === " + section + " (load average " + load + ")");
            try {
                switch (section) {
                    case "startup" -> new Startup(setup, report).run();
                    case "load" -> new Load(setup, report, rate).run();
                    case "soak" -> new Soak(setup, report, soakRate, Duration.ofMinutes(soakMinutes)).run();
                    default -> report.note("unknown section " + section);
                }
            } catch (Exception | Error e) {
                e.printStackTrace();
                report.note(section + " FAILED: " + String.valueOf(e.getMessage()).lines().limit(3).reduce("", (a, b) -> a + " " + b));
            }
            report.note(String.format(Locale.ROOT, "%s: %.1f min, load average at its start %s, at its end %s", section,
                (System.nanoTime() - sectionStart) / 60e9, load, Procfs.loadavg()));
        }
        report.header(String.format(Locale.ROOT, "Run time %.1f min; load average at the end %s", (System.nanoTime() - start) / 60e9,
            Procfs.loadavg()));
        String name = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmm"))
            + (soak ? "-soak" : quick ? "-quick" : "");
        report.write(setup.root().resolve("bench/results"), name);
    }

    /** All of the machine's CPUs (this JVM is pinned to one, so availableProcessors would say 1). */
    private static long cpuCount() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("processor")).count();
        } catch (java.io.IOException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
