package dev.ecsdns.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the JVM and Micronaut offer for start-up and memory, one variant at a time against the images' flags:
 * start-up on 1 CPU (processes), start-up and RSS after load in the Fargate-sized container (JDK 17 variants: the
 * stand-in image's JRE), and the api chain's req/s (C1-only code is slower at peak). JDK 25 variants run as processes
 * only (no JDK 25 image here). Archives and caches come from a training run of the same topology under load.
 */
final class FlagExperiments {

    enum Training { NONE, APPCDS, AUTOCDS, AOT }

    record Variant(String id, String what, boolean jdk25, List<String> add, Map<String, String> env, Training training) {
        List<String> trainFlags(String file) {
            return switch (training) {
                case NONE -> List.of();
                case APPCDS -> List.of("-XX:ArchiveClassesAtExit=" + file);
                case AUTOCDS -> List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + file);
                case AOT -> List.of("-XX:AOTCacheOutput=" + file);
            };
        }

        List<String> runFlags(String file) {
            return switch (training) {
                case NONE -> List.of();
                case APPCDS -> List.of("-XX:SharedArchiveFile=" + file);
                case AUTOCDS -> List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + file);
                case AOT -> List.of("-XX:AOTCache=" + file);
            };
        }
    }

    static final List<String> C1 = List.of("-XX:TieredStopAtLevel=1");
    static final List<String> LEAN = List.of("-XX:TieredStopAtLevel=1", "-Xss512k", "-XX:ReservedCodeCacheSize=32m",
        "-XX:MaxMetaspaceSize=128m", "-XX:-UsePerfData");
    static final Map<String, String> MALLOC = Map.of("MALLOC_ARENA_MAX", "2");
    static final Map<String, String> MICRONAUT = Map.of("MICRONAUT_ENV_DEDUCTION", "false",
        "ENDPOINTS_HEALTH_DISK_SPACE_ENABLED", "false");

    static final List<Variant> VARIANTS = List.of(
        new Variant("image", "the images' flags today", false, List.of(), Map.of(), Training.NONE),
        new Variant("c1", "+ -XX:TieredStopAtLevel=1", false, C1, Map.of(), Training.NONE),
        new Variant("cicount", "+ -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1", false,
            List.of("-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1"), Map.of(), Training.NONE),
        new Variant("appcds", "+ AppCDS archive (-XX:SharedArchiveFile from -XX:ArchiveClassesAtExit)", false, List.of(), Map.of(),
            Training.APPCDS),
        new Variant("appcds-c1", "+ AppCDS + C1 only", false, C1, Map.of(), Training.APPCDS),
        new Variant("lean", "+ AppCDS + C1 + -Xss512k -XX:ReservedCodeCacheSize=32m -XX:MaxMetaspaceSize=128m "
            + "-XX:-UsePerfData, MALLOC_ARENA_MAX=2", false, LEAN, MALLOC, Training.APPCDS),
        new Variant("heap50", "+ C1, -XX:MaxRAMPercentage=50 (after 75)", false,
            List.of("-XX:TieredStopAtLevel=1", "-XX:MaxRAMPercentage=50"), Map.of(), Training.NONE),
        new Variant("micronaut", "image flags, micronaut.env.deduction=false, health disk-space indicator off", false,
            List.of(), MICRONAUT, Training.NONE),
        new Variant("jdk25", "the images' flags on JDK 25", true, List.of(), Map.of(), Training.NONE),
        new Variant("jdk25-autocds", "JDK 25 + -XX:+AutoCreateSharedArchive", true, List.of(), Map.of(), Training.AUTOCDS),
        new Variant("jdk25-aot", "JDK 25 + AOT cache (JEP 483/514: -XX:AOTCacheOutput, -XX:AOTCache)", true, List.of(), Map.of(),
            Training.AOT),
        new Variant("jdk25-aot-lean", "JDK 25 + AOT cache + C1 + lean flags, MALLOC_ARENA_MAX=2", true, LEAN, MALLOC, Training.AOT));

    private static final List<Svc> SERVICES = List.of(Svc.DATABASE, Svc.API, Svc.WEB);
    private static final int CONTAINER_RUNS = 3;

    record Outcome(Map<Svc, StartupBench.Result> start, Map<Svc, Double> rss, Wrk.Result apiChain,
                   Map<Svc, StartupBench.Result> containerStart, Map<Svc, Double> containerRss, Wrk.Result containerApi) {
    }

    private final Config config;
    private final Report report;
    private final StartupBench startup;

    FlagExperiments(Config config, Report report) {
        this.config = config;
        this.report = report;
        this.startup = new StartupBench(config, report);
    }

    void run() throws IOException {
        String only = System.getenv().getOrDefault("BENCH_VARIANTS", "");
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        for (Variant v : VARIANTS) {
            if (!only.isBlank() && !List.of(only.split(",")).contains(v.id())) {
                continue;
            }
            if (v.jdk25() && config.jdk25Home().isBlank()) {
                report.note("experiment " + v.id() + " skipped: no JDK 25 (BENCH_JDK25)");
                continue;
            }
            System.out.println("[bench] --- experiment " + v.id() + ": " + v.what() + " (load " + Procfs.loadavg() + ")");
            try {
                Outcome outcome = measure(v);
                outcomes.put(v.id(), outcome);
                rows(v, outcome, outcomes.get("image"), outcomes.get("jdk25"));
            } catch (RuntimeException e) {
                e.printStackTrace();
                report.note("experiment " + v.id() + " FAILED: " + e.getMessage().lines().findFirst().orElse(""));
            } finally {
                Cleanup.runAll();
            }
        }
        matrix(outcomes);
    }

    private Outcome measure(Variant v) throws IOException {
        String java = v.jdk25() ? config.jdk25Home() + "/bin/java" : config.serviceJava();
        List<String> flags = new ArrayList<>(Jvm.taskFlags(config.imageFlags()));
        flags.addAll(v.add());
        Path dir = config.work().resolve("archives").resolve(v.id());
        Files.createDirectories(dir);
        Map<Svc, List<String>> perService = new EnumMap<>(Svc.class);
        if (v.training() != Training.NONE) {
            train(v, java, flags, dir);
        }
        for (Svc svc : SERVICES) {
            perService.put(svc, v.runFlags(dir.resolve(svc.id + ".archive").toString()));
        }
        Map<Svc, StartupBench.Result> start = new EnumMap<>(Svc.class);
        for (Svc svc : SERVICES) {
            List<String> all = new ArrayList<>(flags);
            all.addAll(perService.get(svc));
            start.put(svc, startup.process(svc, java, all, v.env(), config.runs()));
        }
        Map<Svc, Double> rss = new EnumMap<>(Svc.class);
        Wrk.Result apiChain;
        try (LocalRun run = new LocalRun(config, "experiment-" + v.id(), java, flags, v.env())) {
            perService.forEach(run::serviceFlags);
            run.dynamoDb(Cpus.servers());
            Map<Svc, Proc> procs = new EnumMap<>(Svc.class);
            for (Svc svc : SERVICES) {
                procs.put(svc, run.start(svc, svc.id + "-1", svc.ip, Cpus.servers()));
            }
            String itemId = Items.create(Svc.API.ip, Svc.API.port);
            String url = "http://" + Svc.API.ip + ":" + Svc.API.port + "/api/items/" + itemId;
            Wrk.run(Cpus.load(), 16, config.warmupSeconds(), url);
            apiChain = Wrk.run(Cpus.load(), 16, config.measureSeconds(), url);
            List<Process> loads = new ArrayList<>();
            int seconds = config.loadSeconds() / 2;
            for (Svc svc : SERVICES) {
                loads.add(Wrk.start(Cpus.load(), 4, seconds, "http://" + svc.ip + ":" + svc.port + svc.typicalPath(itemId)));
            }
            loads.forEach(w -> Wrk.await(w, seconds));
            procs.forEach((svc, proc) -> rss.put(svc, proc.rssMb()));
        }
        Map<Svc, StartupBench.Result> containerStart = new EnumMap<>(Svc.class);
        Map<Svc, Double> containerRss = new EnumMap<>(Svc.class);
        Wrk.Result containerApi = null;
        if (!v.jdk25() && config.docker()) {
            Path cdir = dir.resolve("container");
            List<String> imageFlags = new ArrayList<>(config.imageFlags());
            imageFlags.addAll(v.add());
            if (v.training() != Training.NONE) {
                trainContainers(v, imageFlags, cdir);
            }
            for (Svc svc : SERVICES) {
                List<String> all = new ArrayList<>(imageFlags);
                all.addAll(v.runFlags("/archives/" + svc.id + ".archive"));
                containerStart.put(svc, startup.container(svc, all, v.env(), CONTAINER_RUNS, volume(v, cdir)));
            }
            containerApi = containerLoad(v, imageFlags, cdir, containerRss);
        }
        return new Outcome(start, rss, apiChain, containerStart, containerRss, containerApi);
    }

    /** Runs the three services with the training flags under a little load, then SIGTERM: archives are written at exit. */
    private void train(Variant v, String java, List<String> flags, Path dir) throws IOException {
        try (LocalRun run = new LocalRun(config, "train-" + v.id(), java, flags, v.env())) {
            for (Svc svc : SERVICES) {
                Path file = dir.resolve(svc.id + ".archive");
                Files.deleteIfExists(file);
                run.serviceFlags(svc, v.trainFlags(file.toString()));
            }
            run.dynamoDb(Cpus.load());
            Map<Svc, Proc> procs = new EnumMap<>(Svc.class);
            for (Svc svc : SERVICES) {
                procs.put(svc, run.start(svc, svc.id + "-train", svc.ip, Cpus.servers()));
            }
            exercise(Svc.API.ip, Svc.API.port, procs.keySet().stream().map(s -> "http://" + s.ip + ":" + s.port).toList());
            for (Svc svc : List.of(Svc.WEB, Svc.API, Svc.DATABASE)) {
                int exit = procs.get(svc).terminate(Duration.ofMinutes(3));
                if (!Files.exists(dir.resolve(svc.id + ".archive"))) {
                    throw new IllegalStateException("training " + v.id() + ": no archive for " + svc.id + " (exit " + exit + ")\n"
                        + procs.get(svc).tail());
                }
            }
        }
    }

    private void trainContainers(Variant v, List<String> flags, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        try (ContainerRun run = new ContainerRun(config, "train-" + v.id())) {
            run.dynamoDb();
            Map<Svc, String> names = new EnumMap<>(Svc.class);
            for (Svc svc : SERVICES) {
                Files.deleteIfExists(dir.resolve(svc.id + ".archive"));
                run.service(svc, List.of("-v", dir + ":/archives"), v.trainFlags("/archives/" + svc.id + ".archive"));
                names.put(svc, run.start(svc, svc.id + "-train", alias(svc), flags, v.env()));
            }
            exercise(Docker.ip(names.get(Svc.API)), Svc.API.containerPort,
                SERVICES.stream().map(s -> "http://" + Docker.ip(names.get(s)) + ":" + s.containerPort).toList());
            for (Svc svc : List.of(Svc.WEB, Svc.API, Svc.DATABASE)) {
                Sh.run(Duration.ofMinutes(4), "docker", "stop", "-t", "180", names.get(svc));
                if (!Files.exists(dir.resolve(svc.id + ".archive"))) {
                    throw new IllegalStateException("container training " + v.id() + ": no archive for " + svc.id + "\n"
                        + Sh.run(Duration.ofSeconds(30), "docker", "logs", "--tail", "20", names.get(svc)).out());
                }
            }
        }
    }

    private static String alias(Svc svc) {
        return svc == Svc.DATABASE ? LocalRun.DATABASE_NAME : svc == Svc.API ? LocalRun.API_NAME : null;
    }

    private static List<String> volume(Variant v, Path dir) {
        return v.training() == Training.NONE ? List.of() : List.of("-v", dir + ":/archives:ro");
    }

    /** A few seconds of every request kind: the classes a real task loads after start are in the archive too. */
    private void exercise(String apiHost, int apiPort, List<String> bases) {
        String itemId = Items.create(apiHost, apiPort);
        List<Process> loads = new ArrayList<>();
        for (int i = 0; i < SERVICES.size(); i++) {
            loads.add(Wrk.start(Cpus.load(), 2, 5, bases.get(i) + SERVICES.get(i).typicalPath(itemId)));
            loads.add(Wrk.start(Cpus.load(), 1, 5, bases.get(i) + "/whoami".replace("/whoami",
                SERVICES.get(i) == Svc.API ? "/api/whoami" : "/whoami")));
        }
        loads.forEach(w -> Wrk.await(w, 5));
    }

    private Wrk.Result containerLoad(Variant v, List<String> flags, Path dir, Map<Svc, Double> rss) {
        try (ContainerRun run = new ContainerRun(config, "exp-" + v.id())) {
            run.dynamoDb();
            Map<Svc, String> names = new EnumMap<>(Svc.class);
            for (Svc svc : SERVICES) {
                List<String> all = new ArrayList<>(flags);
                all.addAll(v.runFlags("/archives/" + svc.id + ".archive"));
                run.service(svc, volume(v, dir), List.of());
                names.put(svc, run.start(svc, svc.id, alias(svc), all, v.env()));
            }
            String itemId = Items.create(Docker.ip(names.get(Svc.API)), Svc.API.containerPort);
            int seconds = config.loadSeconds() / 2;
            Map<Svc, Process> loads = new EnumMap<>(Svc.class);
            for (Svc svc : SERVICES) {
                loads.put(svc, Wrk.start(Cpus.load(), 4, seconds,
                    "http://" + Docker.ip(names.get(svc)) + ":" + svc.containerPort + svc.typicalPath(itemId)));
            }
            Map<Svc, Wrk.Result> results = new EnumMap<>(Svc.class);
            loads.forEach((svc, w) -> results.put(svc, Wrk.await(w, seconds)));
            names.forEach((svc, name) -> rss.put(svc, Procfs.rssMb(Docker.hostPid(name))));
            return results.get(Svc.API);
        }
    }

    private void rows(Variant v, Outcome o, Outcome image, Outcome jdk25) {
        Outcome base = v.jdk25() ? jdk25 : image;
        String baseName = v.jdk25() ? "jdk25" : "image";
        String jvm = v.jdk25() ? Jvm.describe(config.jdk25Home() + "/bin/java") : Jvm.describe(config.serviceJava());
        for (Svc svc : SERVICES) {
            double s = o.start().get(svc).median();
            Double ref = base == null || base == o ? null : base.start().get(svc).median();
            report.add(new Report.Row("experiment " + v.id(), svc.id, "start-up, 1 CPU (median of " + config.runs() + ")", s, "s",
                ref == null ? "" : baseName, ref, ref == null ? null : s / ref, "", "",
                o.start().get(svc).describe() + "; " + jvm + "; " + v.what()));
            if (o.containerStart().containsKey(svc)) {
                double c = o.containerStart().get(svc).median();
                Double cref = base == null || base == o ? null : base.containerStart().get(svc).median();
                report.add(new Report.Row("experiment " + v.id(), svc.id, "start-up, container 0.25 CPU (median of "
                        + CONTAINER_RUNS + ")", c, "s", cref == null ? "" : baseName, cref, cref == null ? null : c / cref, "", "",
                    o.containerStart().get(svc).describe()));
                double r = o.containerRss().get(svc);
                Double rref = base == null || base == o ? null : base.containerRss().get(svc);
                report.add(new Report.Row("experiment " + v.id(), svc.id, "RSS after load, container", r, "MB",
                    rref == null ? "" : baseName, rref, rref == null ? null : r / rref, "<= 160 MB", Report.met(r <= 160), ""));
            } else {
                double r = o.rss().get(svc);
                Double rref = base == null || base == o ? null : base.rss().get(svc);
                report.add(new Report.Row("experiment " + v.id(), svc.id, "RSS after load, process", r, "MB",
                    rref == null ? "" : baseName, rref, rref == null ? null : r / rref, "", "", ""));
            }
        }
    }

    private void matrix(Map<String, Outcome> outcomes) {
        List<List<String>> cells = new ArrayList<>();
        for (Variant v : VARIANTS) {
            Outcome o = outcomes.get(v.id());
            if (o == null) {
                continue;
            }
            List<String> row = new ArrayList<>(List.of(v.id(), v.what()));
            row.add(triple(o.start(), StartupBench.Result::median, "%.2f"));
            row.add(triple(o.start(), r -> Stats.median(r.samples().stream().map(StartupBench.Sample::cpuSeconds).toList()), "%.2f"));
            row.add(tripleD(o.rss()));
            row.add(String.format(Locale.ROOT, "%.0f / %.1f", o.apiChain().rps(), o.apiChain().p99Ms()));
            row.add(o.containerStart().isEmpty() ? "-" : triple(o.containerStart(), StartupBench.Result::median, "%.1f"));
            row.add(o.containerRss().isEmpty() ? "-" : tripleD(o.containerRss()));
            row.add(o.containerApi() == null ? "-" : String.format(Locale.ROOT, "%.0f", o.containerApi().rps()));
            cells.add(row);
        }
        report.table("Before/after: start-up and memory per variant (database / api / web)", List.of("Variant", "What",
            "Start-up 1 CPU (s)", "CPU to ready (s)", "RSS after load, process (MB)", "api chain req/s / p99 ms (1 core)",
            "Start-up container 0.25 CPU (s)", "RSS after load, container (MB)", "api req/s in container"), cells);
    }

    private static String triple(Map<Svc, StartupBench.Result> values, java.util.function.ToDoubleFunction<StartupBench.Result> f,
                                 String format) {
        return String.format(Locale.ROOT, format + " / " + format + " / " + format, f.applyAsDouble(values.get(Svc.DATABASE)),
            f.applyAsDouble(values.get(Svc.API)), f.applyAsDouble(values.get(Svc.WEB)));
    }

    private static String tripleD(Map<Svc, Double> values) {
        return String.format(Locale.ROOT, "%.0f / %.0f / %.0f", values.get(Svc.DATABASE), values.get(Svc.API), values.get(Svc.WEB));
    }
}
