package dev.ecsdns.bench;

import dev.ecsdns.system.LoadStream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Discovery convergence (the system module's DiscoveryIT scenario, timed): two api instances behind
 * api.internal.local, web in front, a steady 50 req/s stream through web. One api instance is killed with
 * SIGKILL; its record leaves the hosts file a few seconds later (Cloud Map deregistering the stopped task). Then a
 * third, cold instance is added to the name. Measured: when web last tried the dead address (SYNs counted by
 * iptables), when the new one first answered, and the failed requests in each phase. Repeated (3 trials, 1 with
 * --quick) on fresh processes because one kill depends on what happened to be in flight.
 */
record ConvergenceBench(Config config, Report report) {

    private static final String API_2_IP = "127.0.9.13";
    private static final String API_3_IP = "127.0.9.23";
    private static final int RATE = 50;
    private static final double KILL_AT = 5;
    /** Seconds from the kill until the record leaves DNS (ECS noticing the task, Cloud Map deregistering it). */
    private static final double DEREGISTER_AFTER = 5;
    private static final double ADD_AT = 17;
    private static final int SECONDS = 30;
    private static final Pattern DETAIL = Pattern.compile("\"detail\"\\s*:\\s*\"([^\"]{0,60})");

    record Trial(double stopped, long attempts, long countedBefore, long killFailed, long killPhase, String killStory,
                 double firstNew, long addFailed, String addStory, long newShare, long lastWindow, long p99, long max) {
    }

    void run() {
        List<String> flags = Jvm.taskFlags(config.serviceFlags());
        List<Trial> trials = new ArrayList<>();
        for (int i = 1; i <= (config.quick() ? 1 : 3); i++) {
            trials.add(trial(i, flags));
        }
        String how = String.format(Locale.ROOT, "%d req/s through web /whoami for %d s; api-2 SIGKILLed at %.0f s and "
                + "removed from the hosts file %.0f s later; api-3 (started, idle, cold) added at %.0f s; JVM DNS cache 5 s "
                + "(common's DnsCache); all servers on CPU %s; processes, %s", RATE, SECONDS, KILL_AT, DEREGISTER_AFTER, ADD_AT,
            Cpus.servers(), String.join(" ", flags));
        long killFailed = trials.stream().mapToLong(Trial::killFailed).sum();
        long addFailed = trials.stream().mapToLong(Trial::addFailed).sum();
        double stopped = trials.stream().mapToDouble(Trial::stopped).max().orElse(Double.NaN);
        StringBuilder kill = new StringBuilder();
        StringBuilder add = new StringBuilder();
        for (int i = 0; i < trials.size(); i++) {
            Trial t = trials.get(i);
            kill.append(String.format(Locale.ROOT, "trial %d: last call %.1f s after the kill, %d connection attempts to the "
                    + "dead address (%d counted before, from our probe), %d of %d requests failed, %s; ", i + 1, t.stopped(),
                t.attempts(), t.countedBefore(), t.killFailed(), t.killPhase(), t.killStory()));
            add.append(String.format(Locale.ROOT, "trial %d: first call after %.1f s, %d failed, %s, share of the new "
                    + "instance in the last 5 s %d of %d, p99 over the run %d ms, max %d ms; ", i + 1, t.firstNew(), t.addFailed(),
                t.addStory(), t.newShare(), t.lastWindow(), t.p99(), t.max()));
        }
        report.add(new Report.Row("discovery", "killed api instance (kill -9, 1 of 2)", "seconds until last call to it, worst of "
                + trials.size(), stopped, "s", "", null, null, "<= 15 s, 0 failed", Report.met(stopped <= 15 && killFailed == 0),
            kill + how));
        report.add(new Report.Row("discovery", "killed api instance (kill -9, 1 of 2)", "failed requests, all trials", killFailed, "",
            "", null, null, "0", Report.met(killFailed == 0), "from the kill until the scale-out, " + trials.size() + " trial(s)"));
        report.add(new Report.Row("discovery", "new api instance added to the name", "seconds until first call to it, worst of "
                + trials.size(), trials.stream().mapToDouble(Trial::firstNew).max().orElse(Double.NaN), "s", "", null, null,
            "0 failed", Report.met(addFailed == 0), add + how));
        report.add(new Report.Row("discovery", "new api instance added to the name", "failed requests, all trials", addFailed, "",
            "", null, null, "0", Report.met(addFailed == 0), "after the add, " + trials.size() + " trial(s)"));
    }

    private Trial trial(int n, List<String> flags) {
        try (LocalRun run = new LocalRun(config, "convergence-" + n, config.serviceJava(), flags, Map.of())) {
            run.dynamoDb(Cpus.servers());
            run.start(Svc.DATABASE, "database-1", Svc.DATABASE.ip, Cpus.servers());
            run.hosts().set(LocalRun.API_NAME, Svc.API.ip, API_2_IP);
            run.start(Svc.API, "api-1", Svc.API.ip, Cpus.servers());
            Proc api2 = run.start(Svc.API, "api-2", API_2_IP, Cpus.servers());
            run.start(Svc.API, "api-3", API_3_IP, Cpus.servers());
            run.start(Svc.WEB, "web-1", Svc.WEB.ip, Cpus.servers());
            // api-1, api-2 and web JIT-warm with their pools open, as in a running deployment; api-3 stays cold like a new task.
            LoadStream.start(webUrl(), RATE, Duration.ofSeconds(15)).await();

            try (SynCounter syns = SynCounter.install(config, API_2_IP, Svc.API.port)) {
                if (syns != null) {
                    // One probe of our own: proves the counter counts (it must read at least 1 before the kill).
                    Http.status(API_2_IP, Svc.API.port, Svc.READINESS, 1000);
                }
                LoadStream stream = LoadStream.start(webUrl(), RATE, Duration.ofSeconds(SECONDS));
                stream.sleepUntil(seconds(KILL_AT));
                long killed = System.nanoTime();
                api2.kill();
                stream.sleepUntil(seconds(KILL_AT + DEREGISTER_AFTER));
                run.hosts().set(LocalRun.API_NAME, Svc.API.ip);
                stream.sleepUntil(seconds(ADD_AT));
                long added = System.nanoTime();
                run.hosts().set(LocalRun.API_NAME, Svc.API.ip, API_3_IP);
                List<LoadStream.Result> results = stream.await();
                Sh.sleep(300);
                return summarize(results, killed, added, syns);
            }
        }
    }

    private static Duration seconds(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    private static String webUrl() {
        return "http://" + Svc.WEB.ip + ":" + Svc.WEB.port + "/whoami";
    }

    private static Trial summarize(List<LoadStream.Result> results, long killed, long added, SynCounter syns) {
        long end = results.stream().mapToLong(LoadStream.Result::sentNanos).max().orElse(added) + 1;
        long killFailed = count(results, killed, added, true);
        long killPhase = count(results, killed, added, false);
        long addFailed = count(results, added, end, true);
        double lastFailure = results.stream().filter(r -> r.failed() && r.sentNanos() >= killed && r.sentNanos() < added)
            .mapToDouble(r -> (r.sentNanos() - killed) / 1e9).max().orElse(0);
        String killStory = String.format(Locale.ROOT, "failures by second after the kill: %s%s", timeline(results, killed, added),
            killFailed == 0 ? "" : String.format(Locale.ROOT, " (%s; last one sent %.1f s after the kill)",
                reasons(results, killed, added), lastFailure));
        String addStory = "failures by second after the add: " + timeline(results, added, end)
            + (addFailed == 0 ? "" : " (" + reasons(results, added, end) + ")");
        double firstNew = results.stream().filter(r -> r.sentNanos() >= added && r.body().contains("\"api-3/"))
            .mapToDouble(r -> (r.sentNanos() - added) / 1e9 + r.latencyMillis() / 1000.0).min().orElse(Double.NaN);
        long windowStart = end - 5_000_000_000L;
        long newShare = results.stream().filter(r -> r.sentNanos() > windowStart && r.body().contains("\"api-3/")).count();
        long lastWindow = results.stream().filter(r -> r.sentNanos() > windowStart).count();
        List<Long> sorted = results.stream().map(LoadStream.Result::latencyMillis).sorted().toList();
        long p99 = sorted.isEmpty() ? 0 : sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1);
        long max = sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1);
        double stopped = Double.NaN;
        long attempts = -1;
        long before = -1;
        if (syns != null) {
            long last = syns.lastIncreaseAfter(killed);
            stopped = last < 0 ? 0 : (last - killed) / 1e9;
            attempts = syns.attemptsAfter(killed);
            before = syns.countBefore(killed);
        }
        return new Trial(stopped, attempts, before, killFailed, killPhase, killStory, firstNew, addFailed, addStory, newShare,
            lastWindow, p99, max);
    }

    private static long count(List<LoadStream.Result> results, long from, long to, boolean failedOnly) {
        return results.stream().filter(r -> r.sentNanos() >= from && r.sentNanos() < to && (!failedOnly || r.failed())).count();
    }

    /** Failed requests by second after the given time, e.g. "+0s 10, +1s 50". */
    private static String timeline(List<LoadStream.Result> results, long from, long to) {
        TreeMap<Long, Long> perSecond = new TreeMap<>();
        results.stream().filter(r -> r.failed() && r.sentNanos() >= from && r.sentNanos() < to)
            .forEach(r -> perSecond.merge((r.sentNanos() - from) / 1_000_000_000L, 1L, Long::sum));
        StringBuilder s = new StringBuilder();
        perSecond.forEach((sec, n) -> s.append(s.length() == 0 ? "" : ", ").append('+').append(sec).append("s ").append(n));
        return s.length() == 0 ? "none" : s.toString();
    }

    /** What the failures said: status and the first words of the problem detail (or the transport error), counted. */
    private static String reasons(List<LoadStream.Result> results, long from, long to) {
        Map<String, Long> counts = new TreeMap<>();
        results.stream().filter(r -> r.failed() && r.sentNanos() >= from && r.sentNanos() < to).forEach(r -> {
            Matcher detail = DETAIL.matcher(r.body());
            String why = r.status() == 0 ? "transport error " + r.body().substring(0, Math.min(60, r.body().length()))
                : detail.find() ? detail.group(1) : "";
            counts.merge(r.status() + " " + why, 1L, Long::sum);
        });
        return counts.toString();
    }
}
