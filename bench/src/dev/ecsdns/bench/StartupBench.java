package dev.ecsdns.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Process launch to the first 200 from /health/readiness, per service and for the Spring Boot reference: as processes
 * on one CPU (taskset) and as containers of the images at the Fargate size. Medians of repeated runs, after one
 * untimed warm-up run (page cache, DynamoDB table).
 */
record StartupBench(Config config, Report report) {

    /** One start: seconds to ready, CPU seconds used by then, RSS then. */
    record Sample(double seconds, double cpuSeconds, double rssMb) {
    }

    record Result(List<Sample> samples) {
        double median() {
            return Stats.median(samples.stream().map(Sample::seconds).toList());
        }

        String describe() {
            return String.format(Locale.ROOT, "range %s s, CPU to ready %.2f s, RSS at ready %.0f MB",
                Stats.range(samples.stream().map(Sample::seconds).toList(), "%.2f"),
                Stats.median(samples.stream().map(Sample::cpuSeconds).toList()),
                Stats.median(samples.stream().map(Sample::rssMb).toList()));
        }
    }

    void run() {
        List<String> flags = Jvm.taskFlags(config.serviceFlags());
        String jvm = Jvm.describe(config.serviceJava());
        Map<Svc, Result> process = new EnumMap<>(Svc.class);
        for (Svc svc : Svc.values()) {
            process.put(svc, process(svc, config.serviceJava(), flags, Map.of(), config.runs()));
        }
        String how = jvm + " process, taskset -c " + Cpus.servers() + ", " + String.join(" ", flags);
        rows("start-up, 1 CPU", process, true, how);

        if (config.docker()) {
            List<String> imageFlags = Docker.entrypoint(Svc.API.image());
            String imageJvm = Jvm.describeImage(Svc.API.image());
            Map<Svc, Result> container = new EnumMap<>(Svc.class);
            if (config.quick()) {
                container.putAll(containersTogether(List.of(Svc.values()), config.runs()));
            } else {
                for (Svc svc : Svc.values()) {
                    container.put(svc, container(svc, null, Map.of(), config.runs()));
                }
            }
            rows("start-up, container 0.25 CPU 512 MB", container, false, imageJvm + " (image " + config.baseImage()
                + "), image entrypoint " + String.join(" ", imageFlags.subList(1, imageFlags.indexOf("-cp")))
                + "; from the container's process start (docker start adds its own on top)"
                + (config.quick() ? "; --quick: the four containers start together, each with its own 0.25 CPU quota" : ""));
        }
    }

    private void rows(String section, Map<Svc, Result> results, boolean oneCpuTarget, String how) {
        double spring = results.get(Svc.SPRING).median();
        for (Svc svc : Svc.values()) {
            Result r = results.get(svc);
            String metric = "launch to ready, median of " + r.samples().size();
            if (svc == Svc.SPRING) {
                report.add(new Report.Row(section, "Spring Boot reference", metric, r.median(), "s", "", null, null, "", "",
                    r.describe() + "; " + how));
                continue;
            }
            double ratio = r.median() / spring;
            boolean met = ratio <= 0.5 && (!oneCpuTarget || r.median() <= 1.5);
            report.add(new Report.Row(section, svc.id, metric, r.median(), "s", "Spring Boot", spring, ratio,
                oneCpuTarget ? "<= 0.5x and <= 1.5 s" : "<= 0.5x", Report.met(met), r.describe() + "; " + how));
        }
    }

    /** Starts the service as a process n+1 times (the first untimed), SIGKILLs it once ready. */
    Result process(Svc svc, String java, List<String> flags, Map<String, String> env, int runs) {
        try (LocalRun run = new LocalRun(config, "startup-" + svc.id + "-" + Math.abs(flags.hashCode() + java.hashCode()), java, flags, env)) {
            if (svc == Svc.DATABASE) {
                run.dynamoDb(Cpus.load());
            }
            List<Sample> samples = new ArrayList<>();
            for (int i = 0; i <= runs; i++) {
                Proc proc = run.launch(svc, svc.id + "-" + i, svc.ip, Cpus.servers());
                double seconds = proc.awaitReady(svc.ip, svc.healthPort(), Svc.READINESS, LocalRun.START_TIMEOUT);
                Sample sample = new Sample(seconds, proc.cpuSeconds(), proc.rssMb());
                proc.kill();
                if (i > 0) {
                    samples.add(sample);
                }
                Sh.sleep(200);
            }
            System.out.printf(Locale.ROOT, "[bench] start-up %s (process %s): %s%n", svc.id, String.join(" ", flags), samples);
            return new Result(samples);
        }
    }

    /** --quick: one container of each service started at once per run (each still capped at 0.25 CPU, all on core 0). */
    Map<Svc, Result> containersTogether(List<Svc> services, int runs) {
        try (ContainerRun run = new ContainerRun(config, "startup")) {
            run.dynamoDb();
            Map<Svc, List<Sample>> samples = new EnumMap<>(Svc.class);
            services.forEach(svc -> samples.put(svc, new ArrayList<>()));
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(services.size());
            try {
                for (int i = 0; i <= runs; i++) {
                    Map<Svc, String> names = new EnumMap<>(Svc.class);
                    for (Svc svc : services) {
                        names.put(svc, run.create(svc, svc.id + "-" + i, null, null, Map.of()));
                    }
                    Map<Svc, java.util.concurrent.Future<Instant>> ready = new EnumMap<>(Svc.class);
                    for (Svc svc : services) {
                        Docker.run("start", names.get(svc));
                        ready.put(svc, pool.submit(() -> {
                            ContainerRun.awaitReady(svc, names.get(svc), LocalRun.START_TIMEOUT);
                            return Instant.now();
                        }));
                    }
                    for (Svc svc : services) {
                        Instant at = ready.get(svc).get();
                        long pid = Docker.hostPid(names.get(svc));
                        Sample sample = new Sample(Duration.between(Docker.startedAt(names.get(svc)), at).toNanos() / 1e9,
                            Procfs.cpuSeconds(pid), Procfs.rssMb(pid));
                        if (i > 0) {
                            samples.get(svc).add(sample);
                        }
                    }
                    names.values().forEach(run::remove);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            } finally {
                pool.shutdownNow();
            }
            Map<Svc, Result> results = new EnumMap<>(Svc.class);
            samples.forEach((svc, list) -> results.put(svc, new Result(list)));
            System.out.printf(Locale.ROOT, "[bench] start-up, containers together: %s%n", samples);
            return results;
        }
    }

    /**
     * Creates the container, then times from its process start (the container's StartedAt) to readiness 200,
     * polled from the host over the bridge network.
     */
    Result container(Svc svc, List<String> flags, Map<String, String> env, int runs) {
        return container(svc, flags, env, runs, List.of());
    }

    Result container(Svc svc, List<String> flags, Map<String, String> env, int runs, List<String> dockerArgs) {
        try (ContainerRun run = new ContainerRun(config, "startup-" + svc.id)) {
            run.service(svc, dockerArgs, List.of());
            if (svc == Svc.DATABASE) {
                run.dynamoDb();
            }
            List<Sample> samples = new ArrayList<>();
            for (int i = 0; i <= runs; i++) {
                String name = run.create(svc, svc.id + "-" + i, null, flags, env);
                Docker.run("start", name);
                ContainerRun.awaitReady(svc, name, LocalRun.START_TIMEOUT);
                Instant ready = Instant.now();
                double seconds = Duration.between(Docker.startedAt(name), ready).toNanos() / 1e9;
                long pid = Docker.hostPid(name);
                Sample sample = new Sample(seconds, Procfs.cpuSeconds(pid), Procfs.rssMb(pid));
                run.remove(name);
                if (i > 0) {
                    samples.add(sample);
                }
            }
            System.out.printf(Locale.ROOT, "[bench] start-up %s (container %s): %s%n", svc.id,
                flags == null ? "image flags" : String.join(" ", flags), samples);
            return new Result(samples);
        }
    }
}
