package dev.ecsdns.system;

import com.fasterxml.jackson.databind.JsonNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ten thousand generated requests that break the contract ({@link HostileRequests}), sent as raw bytes to the real
 * api, database and web processes with DynamoDB Local behind them. Each must get a 4xx (never a 5xx, never silence),
 * as problem+json in the one shape (web's forms may answer their page: 422 or 409 HTML), with no stack trace or
 * framework text in the body, and the table read straight from DynamoDB must be exactly as before. The seed is fixed,
 * so a run repeats exactly; a failure prints the request byte for byte.
 */
class HostileInputIT {

    static final String SEED = "20261129";
    static final int IN_FLIGHT = 4;

    private static final String DATABASE_IP = "127.0.5.2";
    private static final String API_IP = "127.0.5.3";
    private static final String WEB_IP = "127.0.5.4";
    private static final List<String> LEAKS = List.of("Exception", "io.micronaut", "io.netty", "com.fasterxml",
        "jackson", "\tat ", "at dev.", "at java.", "[Source:", "byte offset", "Failed to convert", "Required Body",
        "Unexpected error");

    private static final int DATABASE_PORT = Topology.freeServicePort();
    private static final int API_PORT = Topology.freeServicePort();
    private static final int WEB_PORT = Topology.freeServicePort();

    private static Topology topology;
    private static TableFingerprint table;
    private static String baseline;
    private static final List<String> itemIds = new ArrayList<>();
    private static final Map<String, Integer> statuses = new ConcurrentSkipListMap<>();
    private static final Map<String, Integer> targets = new ConcurrentSkipListMap<>();
    private static long started;
    private static final LongAdder requestNanos = new LongAdder();
    private static final LongAdder fingerprintNanos = new LongAdder();
    private static final ExecutorService workers = Executors.newFixedThreadPool(IN_FLIGHT);

    @BeforeContainer
    static void startTheSystemAndStoreSeedItems() {
        Path root = Topology.projectRoot();
        topology = new Topology(root, root.resolve("system/target/hostile-input-it"));
        topology.hosts().set(Topology.DATABASE_NAME, DATABASE_IP).set(Topology.API_NAME, API_IP);
        int dynamoDbPort = Topology.freePort();
        topology.startDynamoDb(dynamoDbPort, null);
        // Free ports, not the services' own: this test can run next to anything else on the machine.
        topology.startDatabase("database-1", DATABASE_IP, DATABASE_PORT);
        topology.startService("api", "api-1", API_IP, API_PORT, Map.of("MICRONAUT_HTTP_SERVICES_DATABASE_URL",
            "http://" + Topology.DATABASE_NAME + ":" + DATABASE_PORT));
        topology.startService("web", "web-1", WEB_IP, WEB_PORT, Map.of("MICRONAUT_HTTP_SERVICES_API_URL",
            "http://" + Topology.API_NAME + ":" + API_PORT));
        table = new TableFingerprint("http://127.0.0.1:" + dynamoDbPort, "items");

        String api = "http://" + API_IP + ":" + API_PORT + "/api/items";
        for (int i = 0; i < 3; i++) {
            itemIds.add(created(Http.send("POST", api, "application/json", "{\"name\":\"seed " + i + "\",\"quantity\":" + i + "}")));
        }
        itemIds.add(created(Http.send("POST", api, "application/json", "{\"name\":\"seed keyed\",\"quantity\":7}",
            "Idempotency-Key", HostileRequests.SEED_KEY)));
        baseline = table.read();
        assertThat(baseline).contains("idem#" + HostileRequests.SEED_KEY);
        started = System.nanoTime();
    }

    @AfterContainer
    static void reportAndStopEverything() {
        long seconds = started == 0 ? 0 : (System.nanoTime() - started) / 1_000_000_000L;
        int sent = statuses.values().stream().mapToInt(Integer::intValue).sum();
        System.out.printf("HostileInputIT: %d requests, seed %s, %d s (%d s waiting for answers, %d s reading the "
            + "table, summed over %d threads); by target %s; by status %s%n", sent, SEED, seconds, requestNanos.sum() / 1_000_000_000L,
            fingerprintNanos.sum() / 1_000_000_000L, IN_FLIGHT, targets, statuses);
        workers.shutdownNow();
        if (table != null) {
            table.close();
        }
        if (topology != null) {
            topology.close();
        }
    }

    /**
     * One try is {@value #IN_FLIGHT} requests sent at once, each checked on its own thread, its answer and then the
     * table: a change is permanent (every write adds a record or a version), so the check after a request sees any
     * change it made; a failure prints the requests in flight with it. Tries: jqwik.tries.default in
     * junit-platform.properties (2,500, so 10,000 requests); -Djqwik.tries.default=N on the command line for a
     * shorter run.
     */
    @Property(seed = SEED, shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
    void everyRequestOutsideTheContractGetsA4xxProblemAndChangesNothing(
        @ForAll("inFlightTogether") List<HostileRequests.Request> requests) throws InterruptedException {
        List<Future<?>> checks = requests.stream().<Future<?>>map(r -> workers.submit(() -> check(r))).toList();
        for (Future<?> check : checks) {
            try {
                check.get();
            } catch (ExecutionException failed) {
                throw new AssertionError(failed.getCause().getMessage() + "\n\nin flight together:\n"
                    + requests.stream().map(String::valueOf).collect(Collectors.joining("\n---\n")), failed.getCause());
            }
        }
    }

    private static void check(HostileRequests.Request request) {
        long sending = System.nanoTime();
        RawHttp.Answer answer = RawHttp.exchange(address(request.target()), request.bytes());
        requestNanos.add(System.nanoTime() - sending);
        statuses.merge(String.valueOf(answer.status()), 1, Integer::sum);
        targets.merge(request.target().name().toLowerCase(Locale.ROOT), 1, Integer::sum);
        String context = "answer " + answer + "\nto request " + request;

        assertThat(answer.status()).as(context).isBetween(400, 499);
        LEAKS.forEach(leak -> assertThat(answer.body()).as(context).doesNotContain(leak));
        String type = answer.header("Content-Type").orElse("");
        if (request.target() == HostileRequests.Target.WEB && type.startsWith("text/html")) {
            assertThat(answer.status()).as("web answers its page only for rejected input: " + context).isIn(409, 422);
        } else {
            assertThat(type).as(context).startsWith("application/problem+json");
            JsonNode problem = Json.parse(answer.body());
            assertThat(problem.path("status").asInt()).as(context).isEqualTo(answer.status());
            assertThat(problem.path("title").asText()).as(context).isNotBlank();
            assertThat(problem.path("type").asText()).as(context).isEqualTo("about:blank");
        }
        long reading = System.nanoTime();
        String after = table.read();
        fingerprintNanos.add(System.nanoTime() - reading);
        assertThat(after).as("the table after " + request).isEqualTo(baseline);
    }

    @Provide
    Arbitrary<List<HostileRequests.Request>> inFlightTogether() {
        return Arbitraries.randomValue(HostileRequests.generator(List.copyOf(itemIds))).list().ofSize(IN_FLIGHT);
    }

    private static InetSocketAddress address(HostileRequests.Target target) {
        return switch (target) {
            case API -> new InetSocketAddress(API_IP, API_PORT);
            case DATABASE -> new InetSocketAddress(DATABASE_IP, DATABASE_PORT);
            case WEB -> new InetSocketAddress(WEB_IP, WEB_PORT);
        };
    }

    private static String created(java.net.http.HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return Json.parse(response.body()).path("id").asText();
    }
}
