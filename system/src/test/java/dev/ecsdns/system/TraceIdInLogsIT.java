package dev.ecsdns.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One request through web, api and database, each a separate JVM writing JSON log lines to its own file: the three
 * processes' lines about that request carry one trace id, so an operator finds the whole request with one query.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TraceIdInLogsIT {

    private static final String DATABASE_IP = "127.0.5.2";
    private static final String API_IP = "127.0.5.3";
    private static final String WEB_IP = "127.0.5.4";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Topology topology;
    private final List<ManagedProcess> services = new ArrayList<>();

    @BeforeAll
    void startTheChain() {
        Path root = Topology.projectRoot();
        topology = new Topology(root, root.resolve("system/target/trace-id-it"));
        topology.hosts().set(Topology.DATABASE_NAME, DATABASE_IP).set(Topology.API_NAME, API_IP);
        topology.startDynamoDb(Topology.freePort(), null);
        services.add(topology.startDatabase("database-1", DATABASE_IP));
        services.add(topology.startApi("api-1", API_IP));
        services.add(topology.startWeb("web-1", WEB_IP));
    }

    @AfterAll
    void stopEverything() {
        topology.close();
    }

    @Test
    void theThreeProcessesLogOneRequestUnderOneTraceId() {
        HttpResponse<String> page = Http.get("http://" + WEB_IP + ":8080/");
        assertThat(page.statusCode()).isEqualTo(200);

        JsonNode webLine = awaitAccessLine(services.get(2), "/", Optional.empty());
        String traceId = webLine.path("trace_id").asText();
        JsonNode apiLine = awaitAccessLine(services.get(1), "/api/items", Optional.of(traceId));
        JsonNode databaseLine = awaitAccessLine(services.get(0), "/items", Optional.of(traceId));

        System.out.printf("[trace] GET / -> trace %s: web %s ms, api %s ms, database %s ms%n", traceId,
            webLine.path("duration_ms"), apiLine.path("duration_ms"), databaseLine.path("duration_ms"));
        assertThat(traceId).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
        assertThat(List.of(webLine, apiLine, databaseLine)).extracting(line -> line.path("service").asText())
            .containsExactly("web", "api", "database");
        assertThat(List.of(webLine, apiLine, databaseLine)).allSatisfy(line -> {
            assertThat(line.path("status").asInt()).isEqualTo(200);
            assertThat(line.path("span_id").asText()).matches("[0-9a-f]{16}");
        });
    }

    /** The first access line of {@code service} for the route template {@code path} (of this trace, when given). */
    private static JsonNode awaitAccessLine(ManagedProcess service, String path, Optional<String> traceId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<JsonNode> line = jsonLines(service.log()).stream()
                .filter(node -> "access".equals(node.path("logger").asText()))
                .filter(node -> path.equals(node.path("path").asText()))
                .filter(node -> traceId.map(id -> id.equals(node.path("trace_id").asText())).orElse(true))
                .findFirst();
            if (line.isPresent()) {
                return line.get();
            }
            pause();
        }
        throw new AssertionError("no access line for " + path + traceId.map(id -> " in trace " + id).orElse("")
            + " in " + service.log());
    }

    private static List<JsonNode> jsonLines(Path log) {
        try {
            List<JsonNode> nodes = new ArrayList<>();
            for (String line : Files.readAllLines(log)) {
                if (line.startsWith("{")) {
                    nodes.add(JSON.readTree(line));
                }
            }
            return nodes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
