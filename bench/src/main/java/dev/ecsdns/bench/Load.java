package dev.ecsdns.bench;

import dev.ecsdns.system.ManagedProcess;
import dev.ecsdns.system.Topology;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every server on one CPU (DynamoDB Local, database, api, web, nginx origin and proxy, the Spring reference), the
 * generator on the other: each path at the same constant rate, p50/p99 as the client saw them, and the CPU per
 * request of each process on the path (JIT compiler threads left out). A hop's cost is the CPU per request of the
 * process that makes it: api on /api/whoami against the nginx proxy (both accept, parse, call the next server over a
 * pooled connection and relay the answer).
 */
record Load(Setup setup, Report report, int perSecond) {

    /** One path: its url and the processes whose CPU it uses. */
    record Target(String name, String url, List<String> processes) {
    }

    record Result(RateLoad.Window window, Map<String, Double> cpuMicros) {
        String latency() {
            return String.format(Locale.ROOT, "p50 %.2f ms, p99 %.2f ms", window.percentile(0.5), window.percentile(0.99));
        }
    }

    void run() throws Exception {
        try (Topology topology = setup.topology("load", setup.devJvm()); Nginx nginx = Nginx.start(setup)) {
            topology.hosts().set(Topology.DATABASE_NAME, Setup.ip("database")).set(Topology.API_NAME, Setup.ip("api"));
            Map<String, Long> pids = new LinkedHashMap<>();
            pids.put("dynamodb", topology.startDynamoDb(Topology.freePort(), null).pid());
            pids.put("database", topology.startDatabase("database", Setup.ip("database")).pid());
            pids.put("api", topology.startApi("api", Setup.ip("api")).pid());
            pids.put("web", topology.startWeb("web", Setup.ip("web")).pid());
            pids.put("nginx origin", nginx.origin().pid());
            pids.put("nginx proxy", nginx.proxy().pid());
            try (ManagedProcess spring = startSpring()) {
                pids.put("spring", spring.pid());
                String id = createItem(Setup.url("api"));
                Map<String, Result> results = new LinkedHashMap<>();
                List<Target> targets = List.of(
                    new Target("nginx origin", nginx.originUrl(), List.of("nginx origin")),
                    new Target("nginx proxy -> origin", nginx.proxyUrl(), List.of("nginx proxy", "nginx origin")),
                    new Target("database /whoami", Setup.url("database") + "/whoami", List.of("database")),
                    new Target("api /api/whoami -> database", Setup.url("api") + "/api/whoami", List.of("api", "database")),
                    new Target("web /whoami -> api -> database", Setup.url("web") + "/whoami", List.of("web", "api", "database")),
                    new Target("api GET /api/items/{id}", Setup.url("api") + "/api/items/" + id, List.of("api", "database", "dynamodb")),
                    new Target("web page GET /", Setup.url("web") + "/", List.of("web", "api", "database", "dynamodb")),
                    new Target("Spring GET /api/items/{id}", Setup.springUrl() + "/api/items/" + id, List.of("spring")));
                // Under load these JVMs reach their steady rate only after 80-90 s (JIT compilation of the request
                // path): every path in turn, closed loop, for longer than that before any is measured.
                for (int round = 0; round < (Setup.smoke() ? 0 : 2); round++) {
                    for (Target target : targets) {
                        RateLoad.warmUp(target.url(), 4, Duration.ofSeconds(warmupSeconds()));
                    }
                }
                for (Target target : targets) {
                    results.put(target.name(), measure(target, pids));
                }
                rows(results);
                for (String service : List.of("api", "web", "database", "spring")) {
                    double rss = Procfs.rssMb(pids.get(service));
                    boolean ours = !service.equals("spring");
                    report.add(new Report.Row("RSS after load: " + (ours ? service : "Spring Boot reference"),
                        String.format(Locale.ROOT, "%.0f MB", rss), "", ours ? "<= 160 MB" : "", ours ? Report.met(rss <= 160) : "",
                        "VmRSS after every path above, " + setup.devJvm().describe() + ", " + String.join(" ", Topology.SERVICE_JVM_FLAGS)));
                }
            }
        }
    }

    private void rows(Map<String, Result> results) {
        Result proxy = results.get("nginx proxy -> origin");
        double nginxHop = proxy.cpuMicros().get("nginx proxy");
        Result whoami = results.get("api /api/whoami -> database");
        double apiHop = whoami.cpuMicros().get("api");
        String rate = perSecond + " req/s, open loop, " + measureSeconds() + " s after " + warmupSeconds() + " s of warm-up";
        report.add(new Report.Row("one hop, CPU per request of the process making it: api /api/whoami vs nginx proxy",
            String.format(Locale.ROOT, "%.0f us (%.0f req/s per core)", apiHop, 1e6 / apiHop),
            String.format(Locale.ROOT, "%.0f us (%.0f req/s per core)", nginxHop, 1e6 / nginxHop),
            "req/s per core >= 0.5x nginx", Report.met(nginxHop / apiHop >= 0.5), String.format(Locale.ROOT, "ratio %.2f; %s",
                nginxHop / apiHop, rate)));
        report.add(new Report.Row("one hop, latency at a constant rate: api /api/whoami vs nginx proxy", whoami.latency(),
            proxy.latency(), "p99 <= 2x nginx", Report.met(whoami.window().percentile(0.99) <= 2 * proxy.window().percentile(0.99)),
            rate + errors(whoami, proxy)));
        Result item = results.get("api GET /api/items/{id}");
        double apiItem = item.cpuMicros().get("api");
        double databaseItem = item.cpuMicros().get("database");
        report.add(new Report.Row("item path GET /api/items/{id}: api CPU per request vs an nginx proxy hop",
            String.format(Locale.ROOT, "%.0f us", apiItem), String.format(Locale.ROOT, "%.0f us", nginxHop), "<= 3x",
            Report.met(apiItem <= 3 * nginxHop), String.format(Locale.ROOT, "ratio %.1f; %s", apiItem / nginxHop, rate)));
        report.add(new Report.Row("item path: database CPU per request (DynamoDB Local apart) vs an nginx proxy hop",
            String.format(Locale.ROOT, "%.0f us", databaseItem), String.format(Locale.ROOT, "%.0f us", nginxHop), "<= 5x",
            Report.met(databaseItem <= 5 * nginxHop), String.format(Locale.ROOT, "ratio %.1f; DynamoDB Local %.0f us", databaseItem / nginxHop,
                item.cpuMicros().get("dynamodb"))));
        Result spring = results.get("Spring GET /api/items/{id}");
        report.add(new Report.Row("item path latency: api -> database -> DynamoDB Local vs Spring answering a fixed item",
            item.latency(), spring.latency(), "", "", String.format(Locale.ROOT, "Spring CPU per request %.0f us (no downstream); %s%s",
                spring.cpuMicros().get("spring"), rate, errors(item, spring))));
        Result page = results.get("web page GET /");
        double webPage = page.cpuMicros().get("web");
        report.add(new Report.Row("web page GET /: web CPU per request", String.format(Locale.ROOT, "%.0f us", webPage), "",
            "<= 400 us", Report.met(webPage <= 400), page.latency() + " (whole chain on one CPU); " + rate + errors(page)));
        Result twoHops = results.get("web /whoami -> api -> database");
        report.note("CPU per request of every process, us: " + results.entrySet().stream()
            .map(e -> e.getKey() + " " + e.getValue().cpuMicros() + " " + e.getValue().latency()).toList() + "; two hops " + twoHops.latency());
    }

    private static String errors(Result... results) {
        int errors = 0;
        for (Result result : results) {
            errors += result.window().errors();
        }
        return errors == 0 ? "; 0 errors" : "; " + errors + " ERRORS";
    }

    private Result measure(Target target, Map<String, Long> pids) throws InterruptedException {
        RateLoad.warmUp(target.url(), 4, Duration.ofSeconds(warmupSeconds()));
        RateLoad.run(List.of(target.url()), perSecond, Duration.ofSeconds(warmupSeconds()), Duration.ofSeconds(warmupSeconds()));
        Map<String, Double> before = cpu(target, pids);
        RateLoad.Window window = RateLoad.merge(RateLoad.run(List.of(target.url()), perSecond,
            Duration.ofSeconds(measureSeconds()), Duration.ofSeconds(measureSeconds())));
        Map<String, Double> perRequest = new LinkedHashMap<>();
        cpu(target, pids).forEach((name, after) -> perRequest.put(name,
            Math.rint((after - before.get(name)) * 1e6 / Math.max(1, window.count()))));
        System.out.printf(Locale.ROOT, "[bench] %s: %d requests, %d errors%s, p50 %.2f ms, p99 %.2f ms, CPU us per request %s%n",
            target.name(), window.count(), window.errors(), window.firstError() == null ? "" : " (" + window.firstError() + ")",
            window.percentile(0.5), window.percentile(0.99), perRequest);
        return new Result(window, perRequest);
    }

    private static Map<String, Double> cpu(Target target, Map<String, Long> pids) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        target.processes().forEach(name -> cpu.put(name, Procfs.servingCpuSeconds(pids.get(name))));
        return cpu;
    }

    private int warmupSeconds() {
        return Setup.smoke() ? 1 : setup.quick() ? 10 : 20;
    }

    private int measureSeconds() {
        return Setup.smoke() ? 2 : setup.quick() ? 15 : 30;
    }

    private ManagedProcess startSpring() {
        List<String> command = new ArrayList<>(List.of("taskset", "-c", Setup.SERVER_CPU, setup.devJvm().java()));
        command.addAll(Topology.SERVICE_JVM_FLAGS);
        command.addAll(setup.devJvm().cacheFlags(setup.springJar(), Topology.SERVICE_JVM_FLAGS));
        command.addAll(setup.springClasspath());
        ManagedProcess spring = ManagedProcess.start("reference-spring", command, Setup.springEnv(), setup.work().resolve("load"));
        spring.awaitHttpOk(Setup.springUrl() + "/health/readiness", Duration.ofSeconds(120));
        return spring;
    }

    /** POSTs an item through api (base: api or the alb in front of it); returns its id. */
    static String createItem(String base) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/items"))
            .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bench item\",\"quantity\":7}")).build(),
            HttpResponse.BodyHandlers.ofString());
        Matcher id = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
        if (response.statusCode() / 100 != 2 || !id.find()) {
            throw new IllegalStateException("could not create the item: " + response.statusCode() + " " + response.body());
        }
        return id.group(1);
    }
}
