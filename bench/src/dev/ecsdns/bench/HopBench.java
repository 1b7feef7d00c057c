package dev.ecsdns.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The cost of each hop: wrk against an origin alone and through one and two hops, for our services and for nginx,
 * every server pinned to the same core and wrk on the other. Besides req/s and latency, each run records the CPU
 * time every server process used per request: a hop's cost is the CPU of the process that makes the hop, which
 * stays meaningful whether the core or the client is the bottleneck.
 */
record HopBench(Config config, Report report) {

    private static final int CONNECTIONS = 16;

    record Target(String key, String label, String host, int port, String path, Map<String, Proc> servers) {
        String url() {
            return "http://" + host + ":" + port + path;
        }
    }

    record Measure(Target target, Wrk.Result loaded, Wrk.Result light, Map<String, Double> cpuMicrosPerRequest,
                   double coreBusy, double jitShare, int warmupSeconds) {
        double cpu(String server) {
            return cpuMicrosPerRequest.getOrDefault(server, Double.NaN);
        }
    }

    void run() throws IOException {
        List<String> flags = Jvm.taskFlags(config.serviceFlags());
        String how = Jvm.describe(config.serviceJava()) + " processes, " + String.join(" ", flags)
            + "; servers on CPU " + Cpus.servers() + ", wrk -t1 on CPU " + Cpus.load();
        try (LocalRun run = new LocalRun(config, "hop", config.serviceJava(), flags, Map.of())) {
            Proc dynamoDb = run.dynamoDb(Cpus.servers());
            Proc database = run.start(Svc.DATABASE, "database-1", Svc.DATABASE.ip, Cpus.servers());
            Proc api = run.start(Svc.API, "api-1", Svc.API.ip, Cpus.servers());
            Proc web = run.start(Svc.WEB, "web-1", Svc.WEB.ip, Cpus.servers());
            String itemId = Items.create(Svc.API.ip, Svc.API.port);
            String itemJson = Http.get(Svc.API.ip, Svc.API.port, "/api/items/" + itemId).body();
            List<Proc> nginx = Nginx.start(config, run.dir(), itemJson, Cpus.servers());
            Proc origin = nginx.get(0);
            Proc proxy = nginx.get(1);

            Map<String, Proc> ours = new LinkedHashMap<>();
            ours.put("web", web);
            ours.put("api", api);
            ours.put("database", database);
            ours.put("dynamodb-local", dynamoDb);
            List<Target> targets = List.of(
                new Target("nginx-origin", "nginx static JSON (origin)", Nginx.ORIGIN_IP, Nginx.ORIGIN_PORT,
                    "/api/items/" + itemId, Map.of("origin", origin)),
                new Target("nginx-hop", "nginx proxy -> nginx static (1 hop)", Nginx.PROXY_IP, Nginx.PROXY_PORT,
                    "/api/items/" + itemId, Map.of("proxy", proxy, "origin", origin)),
                new Target("database-whoami", "database GET /whoami (origin)", Svc.DATABASE.ip, Svc.DATABASE.port, "/whoami", ours),
                new Target("api-whoami", "api GET /api/whoami -> database (1 hop)", Svc.API.ip, Svc.API.port, "/api/whoami", ours),
                new Target("web-whoami", "web GET /whoami -> api -> database (2 hops)", Svc.WEB.ip, Svc.WEB.port, "/whoami", ours),
                new Target("database-item", "(a0) database GET /items/{id} -> DynamoDB Local", Svc.DATABASE.ip, Svc.DATABASE.port,
                    "/items/" + itemId, ours),
                new Target("api-item", "(a) api GET /api/items/{id} -> database -> DynamoDB Local", Svc.API.ip, Svc.API.port,
                    "/api/items/" + itemId, ours),
                new Target("web-page", "(b) web GET / (page) -> api -> database -> DynamoDB Local", Svc.WEB.ip, Svc.WEB.port, "/", ours));

            Map<String, Measure> measures = new LinkedHashMap<>();
            for (Target target : targets) {
                Measure m = measure(target);
                measures.put(target.key(), m);
                report.add(new Report.Row("per-hop, 1 CPU", target.label(), "req/s, wrk -c" + CONNECTIONS, m.loaded().rps(),
                    "req/s", "", null, null, "", "", describe(m) + "; " + how));
            }
            derive(measures);
            Map<String, Double> rss = new LinkedHashMap<>();
            ours.forEach((name, proc) -> rss.put(name, proc.rssMb()));
            report.note(String.format(Locale.ROOT, "per-hop: RSS of the processes after the hop runs (MB): %s "
                + "(process runs, %s)", format(rss), String.join(" ", flags)));
        }
    }

    private Measure measure(Target target) {
        String cpu = Cpus.load();
        int warmup = warmUp(target.url());
        Map<String, Double> before = cpu(target);
        Map<String, Double> jitBefore = jit(target);
        long start = System.nanoTime();
        Wrk.Result loaded = Wrk.run(cpu, CONNECTIONS, config.measureSeconds(), target.url());
        double elapsed = (System.nanoTime() - start) / 1e9;
        Map<String, Double> after = cpu(target);
        Map<String, Double> jitAfter = jit(target);
        Map<String, Double> perRequest = new LinkedHashMap<>();
        double busy = 0;
        double jit = 0;
        for (String server : before.keySet()) {
            double used = after.get(server) - before.get(server);
            double compiling = jitAfter.get(server) - jitBefore.get(server);
            busy += used;
            jit += compiling;
            // Steady-state cost: the JIT compiler threads' CPU is left out (reported as the JIT share).
            perRequest.put(server, (used - compiling) / loaded.requests() * 1e6);
        }
        Wrk.Result light = Wrk.run(cpu, 1, Math.max(4, config.measureSeconds() / 2), target.url());
        Measure m = new Measure(target, loaded, light, perRequest, busy / elapsed, busy == 0 ? 0 : jit / busy, warmup);
        System.out.printf(Locale.ROOT, "[bench] %s: %s%n", target.label(), describe(m));
        return m;
    }

    /**
     * wrk in 5 s rounds until two rounds agree within 5% (the JIT has compiled the hot paths), at most 90 s (30 s with
     * --quick); returns the seconds spent.
     */
    private int warmUp(String url) {
        int max = config.quick() ? 30 : 90;
        double last = 0;
        int spent = 0;
        while (spent < max) {
            double rps = Wrk.run(Cpus.load(), CONNECTIONS, 5, url).rps();
            spent += 5;
            if (spent >= 10 && Math.abs(rps - last) <= 0.05 * last) {
                break;
            }
            last = rps;
        }
        return spent;
    }

    private static Map<String, Double> jit(Target target) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        target.servers().forEach((name, proc) -> cpu.put(name, Procfs.jitCpuSeconds(proc.pid())));
        return cpu;
    }

    private static Map<String, Double> cpu(Target target) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        target.servers().forEach((name, proc) -> cpu.put(name, Procfs.treeCpuSeconds(proc.pid())));
        return cpu;
    }

    private static String describe(Measure m) {
        return String.format(Locale.ROOT, "p50 %.2f ms, p99 %.2f ms%s; one connection: %.0f req/s, p50 %.2f ms, p99 %.2f ms; "
                + "server core %.0f%% busy, JIT compiling %.0f%% of it; CPU us/request (JIT excluded) %s; warm-up %d s",
            m.loaded().p50Ms(), m.loaded().p99Ms(),
            m.loaded().errors() > 0 ? ", " + m.loaded().errors() + " errors" : "", m.light().rps(), m.light().p50Ms(),
            m.light().p99Ms(), 100 * m.coreBusy(), 100 * m.jitShare(), format(m.cpuMicrosPerRequest()), m.warmupSeconds());
    }

    private static String format(Map<String, Double> values) {
        StringBuilder s = new StringBuilder();
        values.forEach((k, v) -> {
            if (v >= 0.5) {
                s.append(s.length() == 0 ? "" : ", ").append(k).append(' ').append(String.format(Locale.ROOT, "%.0f", v));
            }
        });
        return s.toString();
    }

    /** The figures the targets are about: one hop of ours against one nginx hop, by CPU per request and by p99. */
    private void derive(Map<String, Measure> m) {
        double nginxHop = m.get("nginx-hop").cpu("proxy");
        double apiHop = m.get("api-whoami").cpu("api");
        double nginxHopRate = 1e6 / nginxHop;
        double apiHopRate = 1e6 / apiHop;
        report.add(new Report.Row("per-hop, 1 CPU", "one api hop (api /api/whoami) vs one nginx proxy hop",
            "hop req/s per core (1e6 / CPU us per request of the hop's process)", apiHopRate, "req/s", "nginx proxy", nginxHopRate,
            apiHopRate / nginxHopRate, ">= 0.33x", Report.met(apiHopRate / nginxHopRate >= 1.0 / 3),
            String.format(Locale.ROOT, "CPU per request: api %.0f us, nginx proxy %.0f us; end to end (hop + origin, same "
                    + "wrk -c%d): %.0f vs %.0f req/s = %.2fx", apiHop, nginxHop, CONNECTIONS, m.get("api-whoami").loaded().rps(),
                m.get("nginx-hop").loaded().rps(), m.get("api-whoami").loaded().rps() / m.get("nginx-hop").loaded().rps())));
        double p99 = m.get("api-whoami").loaded().p99Ms();
        double nginxP99 = m.get("nginx-hop").loaded().p99Ms();
        report.add(new Report.Row("per-hop, 1 CPU", "p99 through one hop (api /api/whoami -> database vs nginx proxy -> origin)",
            "p99 at wrk -c" + CONNECTIONS, p99, "ms", "nginx proxy", nginxP99, p99 / nginxP99, "<= 3x", Report.met(p99 / nginxP99 <= 3),
            String.format(Locale.ROOT, "one connection (no queueing): p99 %.2f ms vs %.2f ms = %.1fx; p50 %.2f vs %.2f ms",
                m.get("api-whoami").light().p99Ms(), m.get("nginx-hop").light().p99Ms(),
                m.get("api-whoami").light().p99Ms() / m.get("nginx-hop").light().p99Ms(),
                m.get("api-whoami").light().p50Ms(), m.get("nginx-hop").light().p50Ms())));
        double webHop = m.get("web-whoami").cpu("web");
        report.add(new Report.Row("per-hop, 1 CPU", "second hop (web /whoami -> api)", "hop req/s per core", 1e6 / webHop, "req/s",
            "nginx proxy", nginxHopRate, (1e6 / webHop) / nginxHopRate, "", "", String.format(Locale.ROOT,
                "CPU per request: web %.0f us (web renders JSON too; its client and server side are one hop)", webHop)));
        double apiItemHop = m.get("api-item").cpu("api");
        double databaseItem = m.get("database-item").cpu("database");
        report.add(new Report.Row("per-hop, 1 CPU", "api hop on the item path (a) minus (a0)", "hop req/s per core",
            1e6 / apiItemHop, "req/s", "nginx proxy", nginxHopRate, (1e6 / apiItemHop) / nginxHopRate, "", "",
            String.format(Locale.ROOT, "CPU per request on (a): api %.0f us, database %.0f us, DynamoDB Local %.0f us; "
                    + "(a0) database alone %.0f us (16 connections straight into database cost it more per request than the "
                    + "few pooled ones api keeps, so 1/req/s differences understate the hop)", apiItemHop,
                m.get("api-item").cpu("database"), m.get("api-item").cpu("dynamodb-local"), databaseItem)));
    }
}
