package dev.ecsdns.api;

import dev.ecsdns.common.Problem;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static dev.ecsdns.api.ApiCalls.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input is answered by api itself, as problem+json naming what is wrong, and never reaches database.
 */
class ItemValidationTest {

    private static final String ITEMS = "/api/items";
    private static final String ITEM = "/api/items/some-item";
    private static final String GOOD = "{\"name\":\"a\",\"quantity\":1}";
    private static final List<String> NONE = List.of();
    private static final List<String> CURRENT = List.of("If-Match", "\"1\"");

    private static EmbeddedServer database;
    private static EmbeddedServer api;
    private static ApiCalls calls;
    private static ReceivedRequests received;

    @BeforeAll
    static void start() {
        database = Servers.fakeDatabase(FakeDatabaseController.SPEC);
        api = Servers.api(database.getURL().toString());
        calls = new ApiCalls(api);
        received = database.getApplicationContext().getBean(ReceivedRequests.class);
    }

    @AfterAll
    static void stop() {
        api.close();
        database.close();
    }

    @BeforeEach
    void forgetReceivedRequests() {
        received.clear();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("badRequests")
    void rejectsBadInputWithProblemJsonAndForwardsNothing(String why, BadRequest bad) {
        ApiCalls.Reply reply = calls.send(bad.request());

        assertThat(reply.status()).as(why + ": " + reply.body()).isEqualTo(bad.status());
        assertThat(reply.contentType()).isEqualTo(Problem.MEDIA_TYPE);
        assertThat(reply.problem().status()).isEqualTo(bad.status());
        if (bad.param() != null) {
            assertThat(reply.problem().invalidParams()).extracting(Problem.InvalidParam::name).contains(bad.param());
        }
        assertThat(received.all()).as("requests database received").isEmpty();
    }

    static Stream<Object[]> badRequests() {
        return Stream.of(
            bad("malformed JSON", "POST", ITEMS, JSON, "{bad", NONE, 400, "body"),
            bad("empty body", "POST", ITEMS, JSON, "", NONE, 400, "body"),
            bad("array instead of object", "POST", ITEMS, JSON, "[]", NONE, 400, "body"),
            bad("string instead of object", "POST", ITEMS, JSON, "\"item\"", NONE, 400, "body"),
            bad("JSON null", "POST", ITEMS, JSON, "null", NONE, 400, "body"),
            bad("no fields", "POST", ITEMS, JSON, "{}", NONE, 400, "name"),
            bad("quantity missing", "POST", ITEMS, JSON, "{\"name\":\"a\"}", NONE, 400, "quantity"),
            bad("name missing", "POST", ITEMS, JSON, "{\"quantity\":1}", NONE, 400, "name"),
            bad("name empty", "POST", ITEMS, JSON, "{\"name\":\"\",\"quantity\":1}", NONE, 400, "name"),
            bad("name blank", "POST", ITEMS, JSON, "{\"name\":\"   \",\"quantity\":1}", NONE, 400, "name"),
            bad("name 101 chars", "POST", ITEMS, JSON, "{\"name\":\"" + "n".repeat(101) + "\",\"quantity\":1}", NONE, 400, "name"),
            bad("name null", "POST", ITEMS, JSON, "{\"name\":null,\"quantity\":1}", NONE, 400, "name"),
            bad("name boolean", "POST", ITEMS, JSON, "{\"name\":true,\"quantity\":1}", NONE, 400, "name"),
            bad("name number", "POST", ITEMS, JSON, "{\"name\":42,\"quantity\":1}", NONE, 400, "name"),
            bad("name array", "POST", ITEMS, JSON, "{\"name\":[\"a\"],\"quantity\":1}", NONE, 400, "name"),
            bad("name object", "POST", ITEMS, JSON, "{\"name\":{\"x\":1},\"quantity\":1}", NONE, 400, "name"),
            bad("quantity negative", "POST", ITEMS, JSON, "{\"name\":\"a\",\"quantity\":-1}", NONE, 400, "quantity"),
            bad("quantity too large", "POST", ITEMS, JSON, "{\"name\":\"a\",\"quantity\":1000001}", NONE, 400, "quantity"),
            bad("quantity fraction", "POST", ITEMS, JSON, "{\"name\":\"a\",\"quantity\":1.5}", NONE, 400, "quantity"),
            bad("quantity fraction as exponent", "POST", ITEMS, JSON, "{\"name\":\"a\",\"quantity\":15e-1}", NONE, 400, "quantity"),
            bad("quantity too large as exponent", "POST", ITEMS, JSON, "{\"name\":\"a\",\"quantity\":1e7}", NONE, 400, "quantity"),
            bad("name of white space only", "POST", ITEMS, JSON, "{\"name\":\"\\u3000\\t\",\"quantity\":1}", NONE, 400, "name"),
            bad("quantity text", "POST", ITEMS, JSON, "{\"name\":\"a\",\"quantity\":\"5\"}", NONE, 400, "quantity"),
            bad("quantity null", "POST", ITEMS, JSON, "{\"name\":\"a\",\"quantity\":null}", NONE, 400, "quantity"),
            bad("quantity boolean", "POST", ITEMS, JSON, "{\"name\":\"a\",\"quantity\":true}", NONE, 400, "quantity"),
            bad("quantity array", "POST", ITEMS, JSON, "{\"name\":\"a\",\"quantity\":[1]}", NONE, 400, "quantity"),
            bad("quantity overflow", "POST", ITEMS, JSON, "{\"name\":\"a\",\"quantity\":99999999999999999999}", NONE, 400, "quantity"),
            bad("unknown field", "POST", ITEMS, JSON, "{\"name\":\"a\",\"quantity\":1,\"color\":\"red\"}", NONE, 400, "color"),
            bad("client-set id", "POST", ITEMS, JSON, "{\"name\":\"a\",\"quantity\":1,\"id\":\"mine\"}", NONE, 400, "id"),
            bad("client-set version", "POST", ITEMS, JSON, "{\"name\":\"a\",\"quantity\":1,\"version\":5}", NONE, 400, "version"),
            bad("text after the object", "POST", ITEMS, JSON, GOOD + " trailing", NONE, 400, "body"),
            bad("duplicate field", "POST", ITEMS, JSON, "{\"name\":\"a\",\"name\":\"b\",\"quantity\":1}", NONE, 400, "body"),
            bad("two objects", "POST", ITEMS, JSON, GOOD + GOOD, NONE, 400, "body"),
            bad("no Content-Type", "POST", ITEMS, null, GOOD, NONE, 415, null),
            bad("text body", "POST", ITEMS, "text/plain", "name=a", NONE, 415, null),
            bad("XML body", "POST", ITEMS, "application/xml", "<item/>", NONE, 415, null),
            bad("form body", "POST", ITEMS, "application/x-www-form-urlencoded", "name=a&quantity=1", NONE, 415, null),
            bad("empty Idempotency-Key", "POST", ITEMS, JSON, GOOD, List.of("Idempotency-Key", ""), 400, "Idempotency-Key"),
            bad("Idempotency-Key with space", "POST", ITEMS, JSON, GOOD, List.of("Idempotency-Key", "a b"), 400, "Idempotency-Key"),
            bad("Idempotency-Key of 101 chars", "POST", ITEMS, JSON, GOOD, List.of("Idempotency-Key", "k".repeat(101)), 400, "Idempotency-Key"),
            bad("Idempotency-Key with slash", "POST", ITEMS, JSON, GOOD, List.of("Idempotency-Key", "a/b"), 400, "Idempotency-Key"),
            bad("Idempotency-Key sent twice", "POST", ITEMS, JSON, GOOD,
                List.of("Idempotency-Key", "one", "Idempotency-Key", "two"), 400, "Idempotency-Key"),
            bad("limit zero", "GET", ITEMS + "?limit=0", null, null, NONE, 400, "limit"),
            bad("limit over 100", "GET", ITEMS + "?limit=101", null, null, NONE, 400, "limit"),
            bad("limit text", "GET", ITEMS + "?limit=abc", null, null, NONE, 400, "limit"),
            bad("limit negative", "GET", ITEMS + "?limit=-5", null, null, NONE, 400, "limit"),
            bad("limit fraction", "GET", ITEMS + "?limit=1.5", null, null, NONE, 400, "limit"),
            bad("limit empty", "GET", ITEMS + "?limit=", null, null, NONE, 400, "limit"),
            bad("If-Match not quoted", "PUT", ITEM, JSON, GOOD, List.of("If-Match", "1"), 400, "If-Match"),
            bad("If-Match not a version", "PUT", ITEM, JSON, GOOD, List.of("If-Match", "\"abc\""), 400, "If-Match"),
            bad("If-Match version zero", "PUT", ITEM, JSON, GOOD, List.of("If-Match", "\"0\""), 400, "If-Match"),
            bad("If-Match weak tag", "PUT", ITEM, JSON, GOOD, List.of("If-Match", "W/\"1\""), 400, "If-Match"),
            bad("If-Match any", "PUT", ITEM, JSON, GOOD, List.of("If-Match", "*"), 400, "If-Match"),
            bad("If-Match of 19 digits", "PUT", ITEM, JSON, GOOD, List.of("If-Match", "\"1000000000000000000\""), 400, "If-Match"),
            bad("replace with empty name", "PUT", ITEM, JSON, "{\"name\":\"\",\"quantity\":2}", CURRENT, 400, "name"),
            bad("replace with negative quantity", "PUT", ITEM, JSON, "{\"name\":\"a\",\"quantity\":-2}", CURRENT, 400, "quantity"),
            bad("replace with unknown field", "PUT", ITEM, JSON, "{\"name\":\"a\",\"quantity\":2,\"extra\":1}", CURRENT, 400, "extra"),
            bad("replace with malformed JSON", "PUT", ITEM, JSON, "{\"name\":\"a\",", CURRENT, 400, "body"),
            bad("replace without body", "PUT", ITEM, JSON, "", CURRENT, 400, "body"),
            bad("replace with text body", "PUT", ITEM, "text/plain", "a", CURRENT, 415, null),
            bad("delete with unquoted If-Match", "DELETE", ITEM, null, null, List.of("If-Match", "abc"), 400, "If-Match"),
            bad("delete with empty If-Match", "DELETE", ITEM, null, null, List.of("If-Match", ""), 400, "If-Match"),
            bad("POST on an item", "POST", ITEM, JSON, GOOD, NONE, 405, null),
            bad("PATCH is not offered", "PATCH", ITEM, JSON, "{\"quantity\":1}", NONE, 405, null));
    }

    @Test
    void listsEveryInvalidFieldAndHeaderInOneAnswer() {
        ApiCalls.Reply reply = calls.send(HttpRequest.POST(ITEMS, "{\"name\":\"\",\"quantity\":-1,\"color\":\"red\"}")
            .contentType(JSON).header("Idempotency-Key", "not valid"));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.problem().invalidParams()).extracting(Problem.InvalidParam::name)
            .containsExactlyInAnyOrder("name", "quantity", "color", "Idempotency-Key");
        assertThat(reply.problem().detail()).isEqualTo("4 invalid parameters.");
        assertThat(reply.problem().instance()).isEqualTo(ITEMS);
    }

    @Test
    void explainsEachInvalidParamInWords() {
        ApiCalls.Reply reply = calls.post(ITEMS, "{\"name\":\"a\",\"quantity\":1000001}");

        assertThat(reply.problem().invalidParams())
            .containsExactly(new Problem.InvalidParam("quantity", "is required: a whole number from 0 to 1000000"));
    }

    @Test
    void rejectsABodyOver64KiBWith413() {
        String huge = "{\"name\":\"" + "x".repeat(70_000) + "\",\"quantity\":1}";

        ApiCalls.Reply reply = calls.post(ITEMS, huge);

        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.contentType()).isEqualTo(Problem.MEDIA_TYPE);
        assertThat(received.all()).isEmpty();
    }

    @Test
    void acceptsANameOf100CharactersWithSurroundingSpaces() {
        ApiCalls.Reply reply = calls.post(ITEMS, "{\"name\":\"  " + "n".repeat(100) + "  \",\"quantity\":1000000}");

        assertThat(reply.status()).isEqualTo(201);
        assertThat(received.all()).hasSize(1);
    }

    @Test
    void acceptsAWholeQuantityWrittenAsADecimalAndForwardsItAsAnInteger() {
        ApiCalls.Reply reply = calls.post(ITEMS, "{\"name\":\"a\",\"quantity\":2.0}");

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.as(Item.class).quantity()).isEqualTo(2);
    }

    @Test
    void acceptsJsonWithACharsetParameter() {
        ApiCalls.Reply reply = calls.send(HttpRequest.POST(ITEMS, GOOD).contentType("application/json; charset=utf-8"));

        assertThat(reply.status()).isEqualTo(201);
    }

    private static Object[] bad(String why, String method, String path, String contentType, String body,
                                List<String> headers, int status, String param) {
        return new Object[] {why, new BadRequest(method, path, contentType, body, headers, status, param)};
    }

    /** One bad request and what api must answer: the status and, for a 400, the param it names. */
    record BadRequest(String method, String path, String contentType, String body, List<String> headers, int status,
                      String param) {

        MutableHttpRequest<?> request() {
            MutableHttpRequest<Object> request = HttpRequest.create(HttpMethod.parse(method), path);
            if (body != null) {
                request.body(body);
            }
            if (contentType != null) {
                request.contentType(contentType);
            }
            for (int i = 0; i < headers.size(); i += 2) {
                request.getHeaders().add(headers.get(i), headers.get(i + 1));
            }
            return request;
        }
    }
}
