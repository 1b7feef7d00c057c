package dev.ecsdns.database;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The items contract as a caller relies on it, one check per behaviour. The same checks run against the real
 * service and against its fake ({@link FakeItems}), so the fake other modules test with cannot drift from what it
 * stands in for: database and {@code FakeItems.database()} here, api and {@code FakeItems.api()} in api's tests.
 */
public interface ItemsContract {

    /**
     * Where the service answers (e.g. http://127.0.0.1:8082), where its items live, the name its whoami gives, and
     * the Served-By of an items success: the instances that served it, this service's first.
     */
    record Target(URI service, String items, String serviceName, String servedBy) {

        private static final String INSTANCE = "=[0-9a-f]{8}";

        public static Target database(URI service) {
            return new Target(service, "/items", "database", "database" + INSTANCE);
        }

        /** api relays database's contract under /api, and names database's instance after its own. */
        public static Target api(URI service) {
            return new Target(service, "/api/items", "api", "api" + INSTANCE + ", database" + INSTANCE);
        }
    }

    Target target();

    private String items() {
        return target().items();
    }

    @Test
    default void createsAnItemWith201EtagAndLocationAndStripsTheName() {
        Reply created = send("POST", items(), "{\"name\":\"  hammer \",\"quantity\":3}", "Idempotency-Key", key());

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("ETag")).isEqualTo("\"1\"");
        assertThat(created.header("Location")).isEqualTo(items() + "/" + created.field("id"));
        assertThat(created.header("Idempotent-Replayed")).isEqualTo("false");
        assertThat(created.field("name")).isEqualTo("hammer");
        assertThat(created.field("quantity")).isEqualTo("3");
        assertThat(created.field("version")).isEqualTo("1");
    }

    @Test
    default void repeatingACreateWithItsKeyAnswersTheSameItem() {
        String key = key();
        Reply first = send("POST", items(), "{\"name\":\"nails\",\"quantity\":100}", "Idempotency-Key", key);

        Reply again = send("POST", items(), "{\"name\":\"nails\",\"quantity\":100}", "Idempotency-Key", key);

        assertThat(again.status()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.field("id")).isEqualTo(first.field("id"));
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));
    }

    @Test
    default void aKeyReusedForAnotherBodyIs422() {
        String key = key();
        send("POST", items(), "{\"name\":\"washer\",\"quantity\":1}", "Idempotency-Key", key);

        Reply reused = send("POST", items(), "{\"name\":\"washer\",\"quantity\":2}", "Idempotency-Key", key);

        assertProblem(reused, 422, "This Idempotency-Key was already used with a different body.");
    }

    @Test
    default void aKeyWhoseItemWasDeletedSinceIs409() {
        String key = key();
        Reply created = send("POST", items(), "{\"name\":\"rivet\",\"quantity\":1}", "Idempotency-Key", key);
        send("DELETE", created.header("Location"), null);

        Reply again = send("POST", items(), "{\"name\":\"rivet\",\"quantity\":1}", "Idempotency-Key", key);

        assertProblem(again, 409, "This Idempotency-Key already created an item, which has been deleted since.");
    }

    @Test
    default void readsAnItemWithItsEtagAndAMissingOneIs404() {
        Reply created = create("saw", 1);

        Reply read = send("GET", created.header("Location"), null);
        Reply missing = send("GET", items() + "/" + UUID.randomUUID(), null);

        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("ETag")).isEqualTo("\"1\"");
        assertThat(read.field("id")).isEqualTo(created.field("id"));
        assertProblem(missing, 404, "No item with this id.");
    }

    @Test
    default void replacesWithTheCurrentEtagOnly() {
        String location = create("level", 1).header("Location");

        Reply unconditional = send("PUT", location, "{\"name\":\"level\",\"quantity\":2}");
        Reply replaced = send("PUT", location, "{\"name\":\"level\",\"quantity\":2}", "If-Match", "\"1\"");
        Reply stale = send("PUT", location, "{\"name\":\"level\",\"quantity\":3}", "If-Match", "\"1\"");

        assertProblem(unconditional, 428, "Updates need If-Match with the item's current ETag, e.g. If-Match: \"1\".");
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.header("ETag")).isEqualTo("\"2\"");
        assertThat(replaced.field("quantity")).isEqualTo("2");
        assertProblem(stale, 412, "The item is at ETag \"2\", not the one in If-Match. Read it again, then retry.");
        assertThat(stale.header("ETag")).isEqualTo("\"2\"");
    }

    @Test
    default void deletesWith204UnlessTheEtagIsStale() {
        String location = create("clamp", 1).header("Location");

        Reply stale = send("DELETE", location, null, "If-Match", "\"9\"");
        Reply deleted = send("DELETE", location, null, "If-Match", "\"1\"");

        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.header("ETag")).isEqualTo("\"1\"");
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        assertThat(send("GET", location, null).status()).isEqualTo(404);
        assertThat(send("DELETE", location, null).status()).isEqualTo(404);
    }

    @Test
    default void rejectsAnInvalidItemNamingTheFieldWithTheSharedReason() {
        Reply rejected = send("POST", items(), "{\"name\":\"a\",\"quantity\":1.5,\"color\":\"red\"}");

        assertThat(rejected.status()).isEqualTo(400);
        assertThat(rejected.header("Content-Type")).startsWith("application/problem+json");
        assertThat(rejected.body()).contains(
            "{\"name\":\"quantity\",\"reason\":\"is required: a whole number from 0 to 1000000\"}",
            "{\"name\":\"color\",\"reason\":\"is not a field a client may set; send only name and quantity\"}",
            "\"detail\":\"2 invalid parameters.\"");
    }

    @Test
    default void pagesThroughEveryItemWithLimitAndCursor() {
        List<String> created = List.of(create("page-a", 1).field("id"), create("page-b", 2).field("id"),
            create("page-c", 3).field("id"));
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Reply page = send("GET", items() + "?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), null);
            assertThat(page.status()).isEqualTo(200);
            List<String> ids = page.all("id");
            assertThat(ids).hasSizeLessThanOrEqualTo(2);
            seen.addAll(ids);
            cursor = page.field("next");
        } while (cursor != null);

        assertThat(seen).containsAll(created).doesNotHaveDuplicates();
    }

    @Test
    default void anItemsAnswerNamesTheInstancesThatServedIt() {
        String id = create("served", 1).field("id");

        assertThat(send("GET", items() + "?limit=1", null).header("Served-By")).matches(target().servedBy());
        assertThat(send("GET", items() + "/" + id, null).header("Served-By")).matches(target().servedBy());
    }

    @Test
    default void aCursorItDidNotIssueIs400NamingTheCursor() {
        Reply rejected = send("GET", items() + "?cursor=bm90LW91cnM", null);

        assertThat(rejected.status()).isEqualTo(400);
        assertThat(rejected.body()).contains("{\"name\":\"cursor\",\"reason\":\"must be the 'next' value of an earlier page\"}");
    }

    @Test
    default void whoamiNamesTheServiceAndAnInstanceIdWithoutAddress() {
        Reply whoami = send("GET", items().replace("/items", "/whoami"), null);

        assertThat(whoami.status()).isEqualTo(200);
        assertThat(whoami.field("service")).isEqualTo(target().serviceName());
        assertThat(whoami.field("instance")).matches("[0-9a-f]{8}");
    }

    private Reply create(String name, int quantity) {
        Reply created = send("POST", items(), "{\"name\":\"" + name + "\",\"quantity\":" + quantity + "}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created;
    }

    private static void assertProblem(Reply reply, int status, String detail) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        assertThat(reply.field("detail")).isEqualTo(detail);
    }

    private static String key() {
        return "contract-" + UUID.randomUUID();
    }

    private Reply send(String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(target().service().resolve(path)).timeout(Duration.ofSeconds(10))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = Reply.CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One answer; its body's top-level text fields, and one field of every object in its "items". */
    record Reply(int status, java.net.http.HttpHeaders headers, String body) {

        static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private static final JsonFactory JSON = new JsonFactory();

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        /** A top-level field as text, null when absent or JSON null. */
        String field(String name) {
            return fields(body, 1).getOrDefault(name, List.of()).stream().findFirst().orElse(null);
        }

        /** The field of every object one level down (the items of a page). */
        List<String> all(String name) {
            return fields(body, 3).getOrDefault(name, List.of());
        }

        private static Map<String, List<String>> fields(String body, int depth) {
            Map<String, List<String>> found = new HashMap<>();
            try (JsonParser json = JSON.createParser(body)) {
                int level = 0;
                for (JsonToken token = json.nextToken(); token != null; token = json.nextToken()) {
                    if (token.isStructStart()) {
                        level++;
                    } else if (token.isStructEnd()) {
                        level--;
                    } else if (token.isScalarValue() && token != JsonToken.VALUE_NULL && level == depth) {
                        found.computeIfAbsent(json.currentName(), name -> new ArrayList<>()).add(json.getText());
                    }
                }
            } catch (IOException notJson) {
                throw new AssertionError("not JSON: " + body, notJson);
            }
            return found;
        }
    }
}
