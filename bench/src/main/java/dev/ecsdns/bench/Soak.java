package dev.ecsdns.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Ten minutes at a fixed rate through the compose alb (the images at the Fargate size, as users run them): item reads
 * and pages in turn, p99 per minute, errors, and each JVM's RSS every 5 s. RSS growth compares the median of the
 * first counted minute's samples with the last minute's: a single sample moves by 20-30 MB as the JIT compiler's
 * arenas fill and empty, so two single samples say more about when they were taken than about a trend.
 */
record Soak(Setup setup, Report report, int perSecond, Duration duration) {

    private static final List<String> SERVICES = List.of("web", "api", "database");

    void run() throws Exception {
        Compose compose = new Compose(setup.root(), "bench-soak-" + Setup.env("BENCH_RUN_ID", "manual"));
        try {
            compose.up();
            String base = compose.albUrl();
            String id = Load.createItem(base);
            Map<String, Long> pids = new LinkedHashMap<>();
            SERVICES.forEach(service -> pids.put(service, compose.pid(service)));
            Map<String, List<Sample>> rss = new LinkedHashMap<>();
            SERVICES.forEach(service -> rss.put(service, new CopyOnWriteArrayList<>()));
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleAtFixedRate(() -> SERVICES.forEach(service -> {
                long pid = pids.get(service);
                rss.get(service).add(new Sample(System.nanoTime(), Procfs.rssMb(pid), Procfs.codeCacheMb(pid)));
            }), 0, 5, TimeUnit.SECONDS);
            List<String> urls = List.of(base + "/api/items/" + id, base + "/");
            // One minute first, not counted: the first requests load and compile the hot paths (at 0.25 vCPU the
            // compilers go on adding code for ten minutes and more, which the code cache readings show).
            RateLoad.run(urls, perSecond, Duration.ofMinutes(1), Duration.ofMinutes(1));
            List<RateLoad.Window> minutes;
            long start = System.nanoTime();
            try {
                minutes = RateLoad.run(urls, perSecond, duration, Duration.ofMinutes(1));
            } finally {
                sampler.shutdownNow();
            }
            rows(minutes, rss, start, System.nanoTime());
        } finally {
            compose.down();
        }
    }

    /** One reading, when it was taken (System.nanoTime): RSS and the resident part of the JIT's code cache in it. */
    record Sample(long nanos, double mb, double codeMb) {
    }

    private void rows(List<RateLoad.Window> minutes, Map<String, List<Sample>> rss, long start, long end) {
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
        long minute = Duration.ofMinutes(1).toNanos();
        for (String service : SERVICES) {
            List<Sample> samples = rss.get(service);
            Growth growth = Growth.of(samples, start, end - minute);
            DoubleSummaryStatistics counted = samples.stream().filter(s -> s.nanos() >= start && s.nanos() < end)
                .mapToDouble(Sample::mb).summaryStatistics();
            List<String> perMinute = new ArrayList<>();
            for (long at = start; at + minute / 2 < end; at += minute) {
                perMinute.add(String.format(Locale.ROOT, "%.0f", median(samples, Sample::mb, at, at + minute)));
            }
            // In a soak of 20 minutes or more, also the growth once the JIT's warm-up at 0.25 vCPU is over.
            String afterTenMinutes = end - start < 20 * minute ? ""
                : "; minute 10 to the end " + Growth.of(samples, start + 9 * minute, end - minute);
            report.add(new Report.Row("soak: RSS growth, " + service, String.format(Locale.ROOT, "%+.1f %% (%.0f -> %.0f MB)",
                growth.percent(), growth.fromMb(), growth.toMb()), "", "<= 5 %", Report.met(growth.percent() <= 5), String.format(Locale.ROOT,
                    "median of the first counted minute's samples to the last minute's, sampled every 5 s (counted samples %.0f-%.0f MB); "
                        + "median per minute: %s MB; of it the JIT's code cache %.0f -> %.0f MB (resident)%s",
                    counted.getMin(), counted.getMax(),
                    perMinute, growth.codeFromMb(), growth.codeToMb(), afterTenMinutes)));
        }
    }

    /** From the medians of the minute starting at one instant to those of the minute starting at another: RSS and code cache. */
    record Growth(double fromMb, double toMb, double codeFromMb, double codeToMb) {

        static Growth of(List<Sample> samples, long fromMinute, long toMinute) {
            long minute = Duration.ofMinutes(1).toNanos();
            return new Growth(median(samples, Sample::mb, fromMinute, fromMinute + minute),
                median(samples, Sample::mb, toMinute, toMinute + minute),
                median(samples, Sample::codeMb, fromMinute, fromMinute + minute),
                median(samples, Sample::codeMb, toMinute, toMinute + minute));
        }

        double percent() {
            return (toMb - fromMb) / fromMb * 100;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%+.1f %% (%.0f -> %.0f MB), code cache %.0f -> %.0f MB", percent(), fromMb, toMb,
                codeFromMb, codeToMb);
        }
    }

    /** The median of one reading over the samples taken in [from, to). */
    private static double median(List<Sample> samples, ToDoubleFunction<Sample> reading, long from, long to) {
        double[] mb = samples.stream().filter(s -> s.nanos() >= from && s.nanos() < to).mapToDouble(reading).sorted().toArray();
        if (mb.length == 0) {
            return Double.NaN;
        }
        return mb.length % 2 == 1 ? mb[mb.length / 2] : (mb[mb.length / 2 - 1] + mb[mb.length / 2]) / 2;
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
