package dev.ecsdns.system;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The api's published contract (GET /api/openapi.yml, generated at build time) against the real api's answers, with
 * the real database and DynamoDB Local behind it: every success and error a client can provoke must be documented
 * with its status, media type, headers and body schema, so the document and the service cannot drift apart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiConformanceIT {

    private static final String DATABASE_IP = "127.0.4.2";
    private static final String API_IP = "127.0.4.3";
    private static final String API = "http://" + API_IP + ":8081";
    private static final String ITEMS = "/api/items";
    private static final String ITEM = "/api/items/{id}";
    private static final String JSON = "application/json";

    private Topology topology;
    private ManagedProcess database;
    private OpenApiDocument document;
    private final List<String> violations = new ArrayList<>();

    @BeforeAll
    void startApiDatabaseAndDynamoDb() {
        Path root = Topology.projectRoot();
        topology = new Topology(root, root.resolve("system/target/openapi-it"));
        topology.hosts().set(Topology.DATABASE_NAME, DATABASE_IP);
        topology.startDynamoDb(Topology.freePort(), null);
        database = topology.startDatabase("database-1", DATABASE_IP);
        topology.startApi("api-1", API_IP);
    }

    @AfterAll
    void stopEverything() {
        topology.close();
    }

    @Test
    void everyAnswerOfTheRealApiMatchesItsPublishedDocument() {
        HttpResponse<String> published = Http.get(API + "/api/openapi.yml");
        assertThat(published.statusCode()).isEqualTo(200);
        assertThat(published.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/yaml"));
        document = new OpenApiDocument(published.body());

        String id = idOf(check("POST", ITEMS, send("POST", ITEMS, JSON, "{\"name\":\"hammer\",\"quantity\":3}"), 201));
        String key = UUID.randomUUID().toString();
        String keyed = idOf(check("POST", ITEMS, send("POST", ITEMS, JSON, "{\"name\":\"saw\",\"quantity\":1}",
            "Idempotency-Key", key), 201));
        check("POST", ITEMS, send("POST", ITEMS, JSON, "{\"name\":\"saw\",\"quantity\":1}", "Idempotency-Key", key), 201);
        check("POST", ITEMS, send("POST", ITEMS, JSON, "{\"name\":\"saw\",\"quantity\":2}", "Idempotency-Key", key), 422);
        check("POST", ITEMS, send("POST", ITEMS, JSON, "{\"name\":\"\",\"quantity\":-1,\"colour\":\"red\"}"), 400);
        check("POST", ITEMS, send("POST", ITEMS, JSON, "{\"name\":"), 400);
        check("POST", ITEMS, send("POST", ITEMS, "text/plain", "hammer"), 415);
        check("POST", ITEMS, send("POST", ITEMS, JSON, "{\"name\":\"" + "x".repeat(70_000) + "\",\"quantity\":1}"), 413);

        check("GET", ITEMS, send("GET", ITEMS + "?limit=1", null, null), 200);
        check("GET", ITEMS, send("GET", ITEMS + "?limit=0", null, null), 400);
        check("GET", ITEM, send("GET", ITEMS + "/" + id, null, null), 200);
        check("GET", ITEM, send("GET", ITEMS + "/no-such-item", null, null), 404);

        String body = "{\"name\":\"hammer\",\"quantity\":4}";
        check("PUT", ITEM, send("PUT", ITEMS + "/" + id, JSON, body), 428);
        check("PUT", ITEM, send("PUT", ITEMS + "/" + id, JSON, body, "If-Match", "\"7\""), 412);
        check("PUT", ITEM, send("PUT", ITEMS + "/" + id, JSON, body, "If-Match", "\"1\""), 200);
        check("PUT", ITEM, send("PUT", ITEMS + "/" + id, JSON, "{}", "If-Match", "\"2\""), 400);
        check("PUT", ITEM, send("PUT", ITEMS + "/no-such-item", JSON, body, "If-Match", "\"1\""), 404);

        check("DELETE", ITEM, send("DELETE", ITEMS + "/" + id, null, null, "If-Match", "\"1\""), 412);
        check("DELETE", ITEM, send("DELETE", ITEMS + "/" + id, null, null, "If-Match", "\"2\""), 204);
        check("DELETE", ITEM, send("DELETE", ITEMS + "/" + id, null, null), 404);
        check("DELETE", ITEM, send("DELETE", ITEMS + "/" + keyed, null, null, "If-Match", "bad"), 400);
        check("DELETE", ITEM, send("DELETE", ITEMS + "/" + keyed, null, null), 204);
        check("POST", ITEMS, send("POST", ITEMS, JSON, "{\"name\":\"saw\",\"quantity\":1}", "Idempotency-Key", key), 409);

        database.kill();
        check("GET", ITEMS, send("GET", ITEMS, null, null), 503);
        check("GET", ITEM, send("GET", ITEMS + "/" + id, null, null), 503);

        assertThat(violations).isEmpty();
    }

    private HttpResponse<String> check(String method, String path, HttpResponse<String> answer, int expectedStatus) {
        assertThat(answer.statusCode()).as(method + " " + path + ": " + answer.body()).isEqualTo(expectedStatus);
        violations.addAll(document.violations(method, path, answer));
        return answer;
    }

    private static HttpResponse<String> send(String method, String path, String contentType, String body,
                                             String... headers) {
        return Http.send(method, API + path, contentType, body, headers);
    }

    private static String idOf(HttpResponse<String> created) {
        String location = created.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }
}
