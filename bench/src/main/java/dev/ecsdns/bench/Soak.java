package dev.ecsdns.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Ten minutes at a fixed rate through the compose alb (the images at the Fargate size, as users run them): item reads
 * and pages in turn, p99 per minute, errors, and each JVM's RSS every 30 s.
 */
record Soak(Setup setup, Report report, int perSecond, Duration duration) {

    private static final List<String> SERVICES = List.of("web", "api", "database");

    void run() throws Exception {
        Compose compose = new Compose(setup.root(), "bench-soak-" + Setup.env("BENCH_RUN_ID", "manual"));
        try {
            compose.up();
            String base = compose.albUrl();
            String id = Load.createItem(base);
            Map<String, List<Double>> rss = new LinkedHashMap<>();
            SERVICES.forEach(service -> rss.put(service, new ArrayList<>()));
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleAtFixedRate(() -> SERVICES.forEach(service -> rss.get(service).add(Procfs.rssMb(compose.pid(service)))),
                0, 30, TimeUnit.SECONDS);
            List<String> urls = List.of(base + "/api/items/" + id, base + "/");
            // One minute first, not counted: the JIT compiles the hot paths, which at 0.25 vCPU takes most of a minute.
            RateLoad.run(urls, perSecond, Duration.ofMinutes(1), Duration.ofMinutes(1));
            List<RateLoad.Window> minutes;
            try {
                minutes = RateLoad.run(urls, perSecond, duration, Duration.ofMinutes(1));
            } finally {
                sampler.shutdownNow();
            }
            rows(minutes, rss);
        } finally {
            compose.down();
        }
    }

    private void rows(List<RateLoad.Window> minutes, Map<String, List<Double>> rss) {
        RateLoad.Window all = RateLoad.merge(minutes);
        RateLoad.Window first = minutes.get(0);
        RateLoad.Window last = minutes.get(minutes.size() - 1);
        String how = String.format(Locale.ROOT, "%d req/s open loop for %d min through the compose alb, GET /api/items/{id} and GET / "
            + "in turn, after 1 min of the same not counted; images at --cpus 0.25 --memory 512m, traces to zipkin", perSecond,
            duration.toMinutes());
        report.add(new Report.Row("soak: errors", all.errors() + " of " + all.count(), "", "0", Report.met(all.errors() == 0),
            how + (all.firstError() == null ? "" : "; first: " + all.firstError())));
        double ratio = last.percentile(0.99) / first.percentile(0.99);
        report.add(new Report.Row("soak: p99 of the last minute vs the first", String.format(Locale.ROOT, "%.2f ms vs %.2f ms",
            last.percentile(0.99), first.percentile(0.99)), "", "<= 1.5x", Report.met(ratio <= 1.5),
            String.format(Locale.ROOT, "ratio %.2f; p99 per minute %s ms; p50 overall %.2f ms", ratio,
                minutes.stream().map(w -> String.format(Locale.ROOT, "%.1f", w.percentile(0.99))).toList(), all.percentile(0.5))));
        for (String service : SERVICES) {
            List<Double> samples = rss.get(service);
            // From the end of the first minute (the JIT and the caches settle in it) to the end.
            double start = samples.get(Math.min(2, samples.size() - 1));
            double end = samples.get(samples.size() - 1);
            double growth = (end - start) / start * 100;
            report.add(new Report.Row("soak: RSS growth, " + service, String.format(Locale.ROOT, "%+.1f %% (%.0f -> %.0f MB)", growth, start, end),
                "", "<= 5 %", Report.met(growth <= 5), "minute 1 to the end, sampled every 30 s: "
                    + samples.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList()));
        }
    }

    /** docker compose with this run's project name and images; the alb on a port of its own. */
    record Compose(Path root, String project) {

        void up() {
            run("up", "-d", "--wait", "--wait-timeout", "170");
        }

        void down() {
            run("down", "-v", "-t", "5");
        }

        String albUrl() {
            return "http://127.0.0.1:" + Setup.env("BENCH_ALB_PORT", "18480");
        }

        long pid(String service) {
            String container = run("ps", "-q", service).lines().findFirst().orElseThrow();
            return Docker.pid(container);
        }

        private String run(String... args) {
            List<String> command = new ArrayList<>(List.of("compose", "-p", project, "-f", root.resolve("docker-compose.yml").toString()));
            command.addAll(List.of(args));
            return Docker.run(command.toArray(String[]::new));
        }
    }
}
