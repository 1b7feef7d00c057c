package dev.ecsdns.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * RSS of each service's JVM in its container (the image's own entrypoint and flags, 0.25 CPU, 512 MB), after start
 * and after a minute of wrk against each at once; with --soak, ten more minutes of load sampled every 30 s.
 */
record MemoryBench(Config config, Report report) {

    private static final int SOAK_SECONDS = 600;
    private static final int SAMPLE_SECONDS = 30;
    private static final double TARGET_MB = 160;
    private static final List<Svc> SERVICES = List.of(Svc.DATABASE, Svc.API, Svc.WEB, Svc.SPRING);

    void run() {
        try (ContainerRun run = new ContainerRun(config, "memory")) {
            run.dynamoDb();
            Map<Svc, String> containers = new EnumMap<>(Svc.class);
            containers.put(Svc.DATABASE, run.start(Svc.DATABASE, "database", LocalRun.DATABASE_NAME, null, Map.of()));
            containers.put(Svc.API, run.start(Svc.API, "api", LocalRun.API_NAME, null, Map.of()));
            containers.put(Svc.WEB, run.start(Svc.WEB, "web", null, null, Map.of()));
            containers.put(Svc.SPRING, run.start(Svc.SPRING, "reference-spring", null, null, Map.of()));
            String itemId = Items.create(Docker.ip(containers.get(Svc.API)), Svc.API.containerPort);
            Sh.sleep(5000);
            Map<Svc, Double> afterStart = rss(containers);

            int seconds = config.loadSeconds();
            Map<Svc, Process> loads = load(containers, itemId, seconds);
            Map<Svc, Wrk.Result> results = new EnumMap<>(Svc.class);
            loads.forEach((svc, wrk) -> results.put(svc, Wrk.await(wrk, seconds)));
            Map<Svc, Double> afterLoad = rss(containers);

            List<String> entrypoint = Docker.entrypoint(Svc.API.image());
            String how = Jvm.describeImage(Svc.API.image()) + ", image flags " + String.join(" ",
                entrypoint.subList(1, entrypoint.indexOf("-cp"))) + ", --cpus 0.25 --memory 512m";
            double springAfterLoad = afterLoad.get(Svc.SPRING);
            for (Svc svc : SERVICES) {
                String subject = svc == Svc.SPRING ? "Spring Boot reference" : svc.id;
                report.add("memory", subject, "RSS after start", afterStart.get(svc), "MB", how);
                String load = String.format(Locale.ROOT, "wrk -c4 %d s on GET %s during it: %s; %s", seconds,
                    svc.typicalPath("{id}"), results.get(svc).summary(), how);
                if (svc == Svc.SPRING) {
                    report.add("memory", subject, "RSS after " + seconds + " s of load", afterLoad.get(svc), "MB", load);
                } else {
                    double value = afterLoad.get(svc);
                    report.add(new Report.Row("memory", subject, "RSS after " + seconds + " s of load", value, "MB",
                        "Spring Boot", springAfterLoad, value / springAfterLoad, "<= 160 MB", Report.met(value <= TARGET_MB), load));
                }
            }
            if (config.soak()) {
                soak(containers, itemId);
            }
        }
    }

    private void soak(Map<Svc, String> containers, String itemId) {
        Map<Svc, Process> loads = load(containers, itemId, SOAK_SECONDS);
        Map<Svc, List<Double>> samples = new EnumMap<>(Svc.class);
        SERVICES.forEach(svc -> samples.put(svc, new ArrayList<>()));
        long start = System.nanoTime();
        for (int t = 0; t <= SOAK_SECONDS; t += SAMPLE_SECONDS) {
            long wait = start + t * 1_000_000_000L - System.nanoTime();
            if (wait > 0) {
                Sh.sleep(wait / 1_000_000);
            }
            rss(containers).forEach((svc, mb) -> samples.get(svc).add(mb));
            System.out.printf(Locale.ROOT, "[bench] soak %3d s: %s%n", t, rss(containers));
        }
        Map<Svc, Wrk.Result> results = new LinkedHashMap<>();
        loads.forEach((svc, wrk) -> results.put(svc, Wrk.await(wrk, SOAK_SECONDS)));
        for (Svc svc : SERVICES) {
            List<Double> series = samples.get(svc);
            // Growth after the first two minutes (heap sizing settles), and the least-squares slope over that window.
            List<Double> settled = series.subList(4, series.size());
            double growth = settled.get(settled.size() - 1) - settled.get(0);
            double slopePerMinute = slope(settled) * (60.0 / SAMPLE_SECONDS);
            double max = series.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
            boolean flat = growth <= Math.max(5, 0.03 * settled.get(0)) && slopePerMinute * 10 <= Math.max(5, 0.03 * settled.get(0));
            String subject = svc == Svc.SPRING ? "Spring Boot reference" : svc.id;
            report.add(new Report.Row("memory soak (10 min)", subject, "RSS growth, minute 2 to 10", growth, "MB", "", null, null,
                svc == Svc.SPRING ? "" : "no growth", svc == Svc.SPRING ? "" : Report.met(flat && max <= TARGET_MB),
                String.format(Locale.ROOT, "max %.0f MB, slope %.2f MB/min, %s; samples every 30 s (MB): %s", max, slopePerMinute,
                    results.get(svc).summary(), series.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList())));
        }
    }

    private Map<Svc, Process> load(Map<Svc, String> containers, String itemId, int seconds) {
        Map<Svc, Process> loads = new EnumMap<>(Svc.class);
        for (Svc svc : SERVICES) {
            String url = "http://" + Docker.ip(containers.get(svc)) + ":" + svc.containerPort + svc.typicalPath(itemId);
            loads.put(svc, Wrk.start(Cpus.load(), 4, seconds, url));
        }
        return loads;
    }

    private static Map<Svc, Double> rss(Map<Svc, String> containers) {
        Map<Svc, Double> rss = new EnumMap<>(Svc.class);
        containers.forEach((svc, name) -> rss.put(svc, Procfs.rssMb(Docker.hostPid(name))));
        return rss;
    }

    private static double slope(List<Double> ys) {
        int n = ys.size();
        double meanX = (n - 1) / 2.0;
        double meanY = ys.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double num = 0;
        double den = 0;
        for (int i = 0; i < n; i++) {
            num += (i - meanX) * (ys.get(i) - meanY);
            den += (i - meanX) * (i - meanX);
        }
        return den == 0 ? 0 : num / den;
    }
}
