package dev.ecsdns.system;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DNS discovery while instances come and go: two api instances behind api.internal.local (a hosts file standing
 * in for Cloud Map's MULTIVALUE answer), the real database and DynamoDB Local behind them, web in front, each a
 * separate JVM. Every test drives traffic the way a user would and prints what it measured. DynamoDB Local and
 * database are shared by the tests; each test starts (and stops) its own api and web instances.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiscoveryIT {

    private static final String DATABASE_IP = "127.0.2.2";
    private static final String API_1_IP = "127.0.2.3";
    private static final String API_2_IP = "127.0.2.13";
    private static final String WEB_IP = "127.0.2.4";
    private static final String WEB = "http://" + WEB_IP + ":8080";
    private static final String API = "http://" + API_1_IP + ":8081";
    private static final String API_MANAGEMENT = Topology.managementUrl(API_1_IP, Topology.API_PORT);
    /** The lame-duck period the api instances get here: longer than the 5 s JVM DNS cache, as in production. */
    private static final Duration LAME_DUCK = Duration.ofSeconds(8);

    private Topology topology;
    private ManagedProcess database;
    private final List<ManagedProcess> callers = new ArrayList<>();
    /** Process name by the opaque instance id whoami answers with. */
    private final Map<String, String> names = new HashMap<>();

    @BeforeAll
    void startDatabaseAndDynamoDb() {
        Path root = Topology.projectRoot();
        topology = new Topology(root, root.resolve("system/target/discovery-it"))
            .serviceJvmOption("-Dshutdown.lame-duck=" + LAME_DUCK.toSeconds() + "s");
        topology.hosts().set(Topology.DATABASE_NAME, DATABASE_IP);
        topology.startDynamoDb(Topology.freePort(), null);
        database = topology.startDatabase("database-1", DATABASE_IP);
    }

    @AfterEach
    void stopThisTestsApiAndWebInstances() {
        callers.forEach(ManagedProcess::kill);
        callers.clear();
        topology.hosts().set(Topology.DATABASE_NAME, DATABASE_IP);
    }

    @AfterAll
    void stopEverything() {
        topology.close();
    }

    @Test
    void spreadsCallsOverEveryApiInstance() {
        startTwoApisAndWeb();

        Map<String, Long> servedBy = countApiInstances(300);

        System.out.printf("[discovery] spread over 300 calls through web: %s%n", percentages(servedBy, 300));
        assertThat(servedBy).containsOnlyKeys("api-1", "api-2");
        assertThat(servedBy.values()).allSatisfy(count -> assertThat(count).isGreaterThanOrEqualTo(105L));
    }

    @Test
    void killingAnApiInstanceUnderLoadFailsNoRequest() {
        ManagedProcess api2 = startTwoApisAndWeb();
        LoadStream stream = LoadStream.start(WEB + "/whoami", 20, Duration.ofSeconds(20));

        stream.sleepUntil(Duration.ofSeconds(5));
        api2.kill();
        long killedAt = stream.elapsedMillis();
        // ECS notices the dead task and Cloud Map drops its record a little later; until then DNS still names it.
        stream.sleepUntil(Duration.ofSeconds(10));
        topology.hosts().set(Topology.API_NAME, API_1_IP);
        List<LoadStream.Result> results = stream.await();

        long failed = results.stream().filter(LoadStream.Result::failed).count();
        long lastServedByDead = lastServedBy(results, api2.instanceId());
        System.out.printf("[discovery] kill -9 of one of two api instances at %.1f s under 20 req/s for 20 s: "
                + "%d requests, %d failed, p99 %d ms, max %d ms, dead instance last answered at %.1f s%n",
            killedAt / 1000.0, results.size(), failed, LoadStream.percentile(results, 0.99),
            LoadStream.percentile(results, 1.0), lastServedByDead / 1000.0);
        assertThat(results).hasSize(400);
        assertThat(failed).as("failed requests").isZero();
    }

    @Test
    void sigtermedApiInstanceDrainsWithoutFailuresAndExitsWithinItsBudget() {
        ManagedProcess api2 = startTwoApisAndWeb();
        LoadStream stream = LoadStream.start(WEB + "/whoami", 20, Duration.ofSeconds(20));

        stream.sleepUntil(Duration.ofSeconds(5));
        // What ECS does when it stops a task: Cloud Map deregisters it, the task gets SIGTERM.
        topology.hosts().set(Topology.API_NAME, API_1_IP);
        api2.terminate();
        long terminatedAt = System.nanoTime();
        // The JVM runs the SIGTERM handler on a thread of its own: readiness turns within moments, not at once.
        int readinessDuringLameDuck = readinessWithin(Duration.ofSeconds(1),
            Topology.managementUrl(API_2_IP, Topology.API_PORT) + "/health/readiness");
        int exit = api2.waitFor(Duration.ofSeconds(40));
        double exitSeconds = (System.nanoTime() - terminatedAt) / 1e9;
        List<LoadStream.Result> results = stream.await();

        long failed = results.stream().filter(LoadStream.Result::failed).count();
        System.out.printf("[discovery] SIGTERM of one of two api instances under 20 req/s: %d requests, %d failed, "
                + "p99 %d ms; readiness within 1 s of SIGTERM %d; exited by itself after %.1f s (lame duck %d s), exit code %d%n",
            results.size(), failed, LoadStream.percentile(results, 0.99), readinessDuringLameDuck, exitSeconds,
            LAME_DUCK.toSeconds(), exit);
        assertThat(readinessDuringLameDuck).as("readiness while draining").isEqualTo(503);
        assertThat(exit).as("exit code").isZero();
        assertThat(exitSeconds).isBetween((double) LAME_DUCK.toSeconds(), LAME_DUCK.toSeconds() + 15.0);
        assertThat(failed).as("failed requests").isZero();
    }

    @Test
    void newApiInstanceReceivesCallsWithinTheConvergenceTime() {
        topology.hosts().set(Topology.API_NAME, API_1_IP);
        startCaller(topology::startApi, "api-1", API_1_IP);
        startCaller(topology::startWeb, "web-1", WEB_IP);
        startCaller(topology::startApi, "api-2", API_2_IP);
        assertThat(countApiInstances(20)).containsOnlyKeys("api-1");

        topology.hosts().set(Topology.API_NAME, API_1_IP, API_2_IP);
        long added = System.nanoTime();
        double seconds = -1;
        while ((System.nanoTime() - added) < Duration.ofSeconds(20).toNanos()) {
            if (apiInstanceOf(Http.get(WEB + "/whoami")).equals("api-2")) {
                seconds = (System.nanoTime() - added) / 1e9;
                break;
            }
            ManagedProcess.sleep(100);
        }

        System.out.printf("[discovery] a new api instance added to the name got its first call after %.1f s%n", seconds);
        assertThat(seconds).as("seconds until the new instance is called").isBetween(0.0, 7.0);
    }

    @Test
    void databaseOutageAnswersFast503sAndRecoversWithinTenSeconds() {
        topology.hosts().set(Topology.API_NAME, API_1_IP);
        startCaller(topology::startApi, "api-1", API_1_IP);
        assertThat(Http.get(API + "/api/items").statusCode()).isEqualTo(200);

        database.kill();
        LoadStream outage = LoadStream.start(API + "/api/items", 20, Duration.ofSeconds(8));
        List<LoadStream.Result> during = outage.await();
        JsonNode health = Json.parse(Http.get(API_MANAGEMENT + "/health").body());
        int readiness = Http.get(API_MANAGEMENT + "/health/readiness").statusCode();

        database = topology.startDatabase("database-1b", DATABASE_IP);
        long restarted = System.nanoTime();
        double recovery = -1;
        while ((System.nanoTime() - restarted) < Duration.ofSeconds(30).toNanos()) {
            if (Http.get(API + "/api/items").statusCode() == 200) {
                recovery = (System.nanoTime() - restarted) / 1e9;
                break;
            }
            ManagedProcess.sleep(100);
        }

        long p99 = LoadStream.percentile(during, 0.99);
        System.out.printf("[discovery] database down: %d requests, statuses %s, p99 %d ms, max %d ms; circuit in /health: %s; "
                + "readiness %d; served normally again %.1f s after database was back%n",
            during.size(), during.stream().collect(Collectors.groupingBy(LoadStream.Result::status, Collectors.counting())),
            p99, LoadStream.percentile(during, 1.0), health.at("/details/downstream/details/database/circuit").asText(),
            readiness, recovery);
        assertThat(during).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(503);
            assertThat(Json.parse(r.body()).get("status").asInt()).isEqualTo(503);
        });
        assertThat(p99).as("p99 ms while database is down").isLessThan(1000);
        assertThat(health.at("/details/downstream/details/database/circuit").asText()).isEqualTo("open");
        assertThat(readiness).as("api stays ready while database is down").isEqualTo(200);
        assertThat(recovery).as("seconds to recover").isBetween(0.0, 10.0);
    }

    @Test
    void createRetriedAfterAConnectionResetStoresExactlyOneItem() throws Exception {
        String proxyIp = "127.0.2.22";
        try (ResettingProxy proxy = new ResettingProxy(proxyIp, Topology.DATABASE_PORT,
            new InetSocketAddress(DATABASE_IP, Topology.DATABASE_PORT))) {
            topology.hosts().set(Topology.DATABASE_NAME, proxyIp, DATABASE_IP);
            topology.hosts().set(Topology.API_NAME, API_1_IP);
            startCaller(topology::startApi, "api-1", API_1_IP);
            int before = countItems();

            int created = 0;
            for (int i = 0; i < 10; i++) {
                HttpResponse<String> response = Http.send("POST", API + "/api/items", "application/json",
                    "{\"name\":\"reset-" + i + "\",\"quantity\":" + i + "}");
                assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
                created++;
            }

            int stored = countItems() - before;
            System.out.printf("[discovery] 10 creates, %d of them answered by a connection reset after the write: "
                + "%d items stored%n", proxy.resets(), stored);
            assertThat(proxy.resets()).as("connections reset after the write").isPositive();
            assertThat(stored).isEqualTo(created);
        }
    }

    private ManagedProcess startCaller(BiFunction<String, String, ManagedProcess> start, String name, String ip) {
        ManagedProcess process = start.apply(name, ip);
        callers.add(process);
        names.put(process.instanceId(), name);
        return process;
    }

    private ManagedProcess startTwoApisAndWeb() {
        topology.hosts().set(Topology.API_NAME, API_1_IP, API_2_IP);
        startCaller(topology::startApi, "api-1", API_1_IP);
        ManagedProcess api2 = startCaller(topology::startApi, "api-2", API_2_IP);
        startCaller(topology::startWeb, "web-1", WEB_IP);
        // Warm up the chain first, as the ALB's health checks and the first users would: a cold JVM's first
        // requests are slow and say nothing about discovery.
        assertThat(countApiInstances(40)).hasSize(2);
        return api2;
    }

    private Map<String, Long> countApiInstances(int calls) {
        return IntStream.range(0, calls)
            .mapToObj(i -> apiInstanceOf(Http.get(WEB + "/whoami")))
            .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private String apiInstanceOf(HttpResponse<String> whoami) {
        assertThat(whoami.statusCode()).as(whoami.body()).isEqualTo(200);
        String id = Json.parse(whoami.body()).at("/downstream/instance").asText();
        return names.getOrDefault(id, id);
    }

    private static long lastServedBy(List<LoadStream.Result> results, String instanceId) {
        return results.stream()
            .filter(r -> r.status() == 200 && r.body().contains("\"" + instanceId + "\""))
            .mapToLong(LoadStream.Result::startedMillis).max().orElse(-1);
    }

    private static String percentages(Map<String, Long> counts, int total) {
        return counts.entrySet().stream()
            .map(e -> e.getKey() + " " + Math.round(100.0 * e.getValue() / total) + "%")
            .sorted().collect(Collectors.joining(", "));
    }

    private int countItems() {
        int count = 0;
        String cursor = null;
        do {
            JsonNode page = Json.parse(Http.get("http://" + DATABASE_IP + ":8082/items?limit=100"
                + (cursor == null ? "" : "&cursor=" + cursor)).body());
            count += page.get("items").size();
            cursor = page.get("next").isNull() ? null : page.get("next").asText();
        } while (cursor != null);
        return count;
    }

    /** The first 503 from the readiness endpoint within the time given, else the last status seen. */
    private static int readinessWithin(Duration limit, String url) {
        long deadline = System.nanoTime() + limit.toNanos();
        int status;
        do {
            status = Http.get(url).statusCode();
        } while (status != 503 && System.nanoTime() < deadline);
        return status;
    }
}
