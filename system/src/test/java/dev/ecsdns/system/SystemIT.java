package dev.ecsdns.system;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three real jars as separate processes with DynamoDB Local, web calling api.internal.local and api calling
 * database.internal.local, resolved through a hosts file: the whole chain as a user drives it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SystemIT {

    private static final String DATABASE_IP = "127.0.1.2";
    private static final String API_IP = "127.0.1.3";
    private static final String WEB_IP = "127.0.1.4";
    private static final String API = "http://" + API_IP + ":8081";
    private static final String WEB = "http://" + WEB_IP + ":8080";
    private static final String DATABASE = "http://" + DATABASE_IP + ":8082";
    private static final String ALB_IP = "127.0.1.1";
    private static final String ALB = "http://" + ALB_IP + ":8080";

    private Topology topology;
    private String seedId;
    private String databaseId;
    private String apiId;
    private String webId;

    @BeforeAll
    void startSystem() {
        Path root = Topology.projectRoot();
        topology = new Topology(root, root.resolve("system/target/system-it"));
        topology.hosts()
            .set(Topology.DATABASE_NAME, DATABASE_IP)
            .set(Topology.API_NAME, API_IP);
        topology.startDynamoDb(Topology.freePort(), null);
        databaseId = topology.startDatabase("database-1", DATABASE_IP).instanceId();
        apiId = topology.startApi("api-1", API_IP).instanceId();
        webId = topology.startWeb("web-1", WEB_IP).instanceId();
        topology.startLoadBalancer(ALB_IP, List.of(API_IP), List.of(WEB_IP));
        HttpResponse<String> seed = Http.send("POST", API + "/api/items", "application/json", "{\"name\":\"seed\",\"quantity\":1}");
        assertThat(seed.statusCode()).isEqualTo(201);
        seedId = Json.parse(seed.body()).get("id").asText();
    }

    @AfterAll
    void stopSystem() {
        topology.close();
    }

    @Test
    void whoamiShowsWhichWebApiAndDatabaseInstanceServedTheRequest() {
        HttpResponse<String> response = Http.get(WEB + "/whoami");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode web = Json.parse(response.body());
        assertThat(web.get("service").asText()).isEqualTo("web");
        assertThat(web.get("instance").asText()).isEqualTo(webId);
        assertThat(web.at("/downstream/service").asText()).isEqualTo("api");
        assertThat(web.at("/downstream/instance").asText()).isEqualTo(apiId);
        assertThat(web.at("/downstream/downstream/service").asText()).isEqualTo("database");
        assertThat(web.at("/downstream/downstream/instance").asText()).isEqualTo(databaseId);
    }

    @Test
    void oneEntryUrlServesThePageAndTheApiAsTheAlbDoes() {
        HttpResponse<String> page = Http.get(ALB + "/");
        HttpResponse<String> created = Http.send("POST", ALB + "/api/items", "application/json",
            "{\"name\":\"through the front\",\"quantity\":2}", "Idempotency-Key", UUID.randomUUID().toString());
        HttpResponse<String> read = Http.get(ALB + created.headers().firstValue("Location").orElseThrow());
        HttpResponse<String> posted = Http.send("POST", ALB + "/items", "application/x-www-form-urlencoded",
            "name=form-through-front&quantity=1&idempotencyKey=" + UUID.randomUUID());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Idempotent-Replayed")).hasValue("false");
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers().firstValue("ETag")).hasValue("\"1\"");
        assertThat(Json.parse(read.body()).get("name").asText()).isEqualTo("through the front");
        assertThat(posted.statusCode()).as("web's redirect is passed on, not followed").isEqualTo(303);
        assertThat(Http.get(ALB + "/api/whoami").statusCode()).isEqualTo(200);
    }

    @Test
    void createsReadsUpdatesAndDeletesAnItemThroughApiWithEtags() {
        HttpResponse<String> created = Http.send("POST", API + "/api/items", "application/json",
            "{\"name\":\"  coffee beans  \",\"quantity\":3}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("ETag")).hasValue("\"1\"");
        String location = created.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("/api/items/");
        JsonNode item = Json.parse(created.body());
        assertThat(item.get("name").asText()).isEqualTo("coffee beans");

        HttpResponse<String> read = Http.get(API + location);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers().firstValue("ETag")).hasValue("\"1\"");

        HttpResponse<String> updated = Http.send("PUT", API + location, "application/json",
            "{\"name\":\"coffee beans\",\"quantity\":7}", "If-Match", "\"1\"");
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(updated.headers().firstValue("ETag")).hasValue("\"2\"");
        assertThat(Json.parse(updated.body()).get("quantity").asInt()).isEqualTo(7);

        HttpResponse<String> stale = Http.send("PUT", API + location, "application/json",
            "{\"name\":\"coffee beans\",\"quantity\":9}", "If-Match", "\"1\"");
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(Json.parse(Http.get(API + location).body()).get("quantity").asInt()).isEqualTo(7);

        assertThat(Http.send("DELETE", API + location, null, null).statusCode()).isEqualTo(204);
        assertThat(Http.get(API + location).statusCode()).isEqualTo(404);
    }

    @Test
    void sameIdempotencyKeyNeverStoresASecondItem() {
        String key = UUID.randomUUID().toString();
        int before = storedItems().size();

        HttpResponse<String> first = Http.send("POST", API + "/api/items", "application/json",
            "{\"name\":\"once\",\"quantity\":1}", "Idempotency-Key", key);
        HttpResponse<String> again = Http.send("POST", API + "/api/items", "application/json",
            "{\"name\":\"once\",\"quantity\":1}", "Idempotency-Key", key);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(again.statusCode()).isBetween(200, 201);
        assertThat(Json.parse(again.body()).get("id").asText()).isEqualTo(Json.parse(first.body()).get("id").asText());
        assertThat(storedItems()).hasSize(before + 1);
    }

    @Test
    void webFormAddsAnItemThatTheListingAndApiShow() {
        String name = "form-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> posted = Http.send("POST", WEB + "/items", "application/x-www-form-urlencoded",
            "name=" + name + "&quantity=4&idempotencyKey=" + UUID.randomUUID());

        assertThat(posted.statusCode()).isEqualTo(303);
        HttpResponse<String> page = Http.get(WEB + "/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains(name).contains(apiId).contains(databaseId);
        assertThat(storedItems()).anySatisfy(item -> assertThat(item.get("name").asText()).isEqualTo(name));
    }

    @Test
    void webFormShowsAValidationErrorAndStoresNothing() {
        int before = storedItems().size();

        HttpResponse<String> posted = Http.send("POST", WEB + "/items", "application/x-www-form-urlencoded",
            "name=&quantity=" + URLEncoder.encode("lots", StandardCharsets.UTF_8) + "&idempotencyKey=" + UUID.randomUUID());

        assertThat(posted.statusCode()).isBetween(400, 422);
        assertThat(posted.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(posted.body()).contains("lots");
        assertThat(storedItems()).hasSize(before);
    }

    @ParameterizedTest(name = "[{index}] {0} {1} {5}")
    @MethodSource("badRequests")
    void rejectsBadInputWithProblemJsonAndStoresNothing(String method, String path, String contentType, String body,
                                                        List<String> headers, String why, int expectedStatus) {
        List<JsonNode> before = storedItems();

        HttpResponse<String> response = Http.send(method, API + path.replace("{seed}", seedId), contentType, body,
            headers.toArray(String[]::new));

        assertThat(response.statusCode()).as(why + ": " + response.body()).isEqualTo(expectedStatus);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = Json.parse(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(expectedStatus);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(storedItems()).as("nothing stored or changed").isEqualTo(before);
    }

    static Stream<Arguments> badRequests() {
        String json = "application/json";
        String create = "/api/items";
        String seed = "/api/items/{seed}";
        List<String> none = List.of();
        List<String> match = List.of("If-Match", "\"1\"");
        List<Arguments> cases = new ArrayList<>(List.of(
            bad("POST", create, json, "{bad", none, "malformed JSON", 400),
            bad("POST", create, json, "", none, "empty body", 400),
            bad("POST", create, json, "[]", none, "array instead of object", 400),
            bad("POST", create, json, "\"item\"", none, "string instead of object", 400),
            bad("POST", create, json, "{}", none, "no fields", 400),
            bad("POST", create, json, "{\"name\":\"a\"}", none, "quantity missing", 400),
            bad("POST", create, json, "{\"quantity\":1}", none, "name missing", 400),
            bad("POST", create, json, "{\"name\":\"\",\"quantity\":1}", none, "name empty", 400),
            bad("POST", create, json, "{\"name\":\"   \",\"quantity\":1}", none, "name blank", 400),
            bad("POST", create, json, "{\"name\":\"" + "n".repeat(101) + "\",\"quantity\":1}", none, "name 101 chars", 400),
            bad("POST", create, json, "{\"name\":null,\"quantity\":1}", none, "name null", 400),
            bad("POST", create, json, "{\"name\":true,\"quantity\":1}", none, "name boolean", 400),
            bad("POST", create, json, "{\"name\":[\"a\"],\"quantity\":1}", none, "name array", 400),
            bad("POST", create, json, "{\"name\":{\"x\":1},\"quantity\":1}", none, "name object", 400),
            bad("POST", create, json, "{\"name\":\"a\",\"quantity\":-1}", none, "quantity negative", 400),
            bad("POST", create, json, "{\"name\":\"a\",\"quantity\":1000001}", none, "quantity too large", 400),
            bad("POST", create, json, "{\"name\":\"a\",\"quantity\":1.5}", none, "quantity fraction", 400),
            bad("POST", create, json, "{\"name\":\"a\",\"quantity\":\"abc\"}", none, "quantity text", 400),
            bad("POST", create, json, "{\"name\":\"a\",\"quantity\":null}", none, "quantity null", 400),
            bad("POST", create, json, "{\"name\":\"a\",\"quantity\":true}", none, "quantity boolean", 400),
            bad("POST", create, json, "{\"name\":\"a\",\"quantity\":[1]}", none, "quantity array", 400),
            bad("POST", create, json, "{\"name\":\"a\",\"quantity\":99999999999999999999}", none, "quantity overflow", 400),
            bad("POST", create, json, "{\"name\":\"a\",\"quantity\":1,\"color\":\"red\"}", none, "unknown field", 400),
            bad("POST", create, json, "{\"name\":\"a\",\"quantity\":1,\"version\":5}", none, "client-set version", 400),
            bad("POST", create, json, "{\"name\":\"a\",\"quantity\":1,\"id\":\"mine\"}", none, "client-set id", 400),
            bad("POST", create, "text/plain", "name=a", none, "text body", 415),
            bad("POST", create, "application/xml", "<item/>", none, "XML body", 415),
            bad("POST", create, json, "{\"name\":\"" + "x".repeat(70_000) + "\",\"quantity\":1}", none, "body over 64 KiB", 413),
            bad("POST", create, json, "{\"name\":\"a\",\"quantity\":1}", List.of("Idempotency-Key", ""), "empty idempotency key", 400),
            bad("POST", create, json, "{\"name\":\"a\",\"quantity\":1}", List.of("Idempotency-Key", "a b"), "idempotency key with space", 400),
            bad("POST", create, json, "{\"name\":\"a\",\"quantity\":1}", List.of("Idempotency-Key", "k".repeat(101)), "idempotency key too long", 400),
            bad("POST", create, json, "{\"name\":\"a\",\"quantity\":1}", List.of("Idempotency-Key", "a/b"), "idempotency key with slash", 400),
            bad("GET", "/api/items?limit=0", null, null, none, "limit zero", 400),
            bad("GET", "/api/items?limit=101", null, null, none, "limit over 100", 400),
            bad("GET", "/api/items?limit=abc", null, null, none, "limit text", 400),
            bad("GET", "/api/items?limit=-5", null, null, none, "limit negative", 400),
            bad("GET", "/api/items?cursor=not-a-cursor!", null, null, none, "cursor garbage", 400),
            bad("GET", "/api/items?cursor=bm90LWpzb24", null, null, none, "cursor of the wrong shape", 400),
            bad("GET", "/api/items/no-such-item", null, null, none, "unknown id", 404),
            bad("PUT", seed, json, "{\"name\":\"a\",\"quantity\":2}", none, "no If-Match", 428),
            bad("PUT", seed, json, "{\"name\":\"a\",\"quantity\":2}", List.of("If-Match", "abc"), "If-Match not quoted", 400),
            bad("PUT", seed, json, "{\"name\":\"a\",\"quantity\":2}", List.of("If-Match", "\"abc\""), "If-Match not a version", 400),
            bad("PUT", seed, json, "{\"name\":\"a\",\"quantity\":2}", List.of("If-Match", "\"999\""), "If-Match version moved on", 412),
            bad("PUT", seed, json, "{\"name\":\"\",\"quantity\":2}", match, "update with empty name", 400),
            bad("PUT", seed, json, "{\"name\":\"a\",\"quantity\":-2}", match, "update with negative quantity", 400),
            bad("PUT", seed, json, "{\"name\":\"a\",\"quantity\":2,\"extra\":1}", match, "update with unknown field", 400),
            bad("PUT", seed, json, "{\"name\":\"a\",", match, "update with malformed JSON", 400),
            bad("PUT", seed, json, "{\"name\":\"a\",\"quantity\":\"2\"}", match, "update with quantity as text", 400),
            bad("PUT", seed, json, "{\"quantity\":2}", match, "update without name", 400),
            bad("PUT", "/api/items/no-such-item", json, "{\"name\":\"a\",\"quantity\":2}", match, "update of unknown id", 404),
            bad("DELETE", "/api/items/no-such-item", null, null, none, "delete of unknown id", 404),
            bad("DELETE", seed, null, null, List.of("If-Match", "\"999\""), "delete with stale If-Match", 412),
            bad("DELETE", seed, null, null, List.of("If-Match", "abc"), "delete with malformed If-Match", 400),
            bad("POST", seed, json, "{\"name\":\"a\",\"quantity\":1}", none, "POST on an item", 405),
            bad("PATCH", seed, json, "{\"quantity\":1}", none, "PATCH is not offered", 405)));
        return cases.stream();
    }

    private static Arguments bad(String method, String path, String contentType, String body, List<String> headers,
                                 String why, int status) {
        return Arguments.of(method, path, contentType, body, headers, why, status);
    }

    /** Every stored item, read from database directly (not through api), page by page. */
    private List<JsonNode> storedItems() {
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        do {
            String url = DATABASE + "/items?limit=100" + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            JsonNode page = Json.parse(Http.get(url).body());
            page.get("items").forEach(items::add);
            cursor = page.get("next").isNull() ? null : page.get("next").asText();
        } while (cursor != null);
        return items;
    }
}
