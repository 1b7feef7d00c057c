package dev.ecsdns.api;

import dev.ecsdns.common.Problem;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static dev.ecsdns.api.ApiCalls.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input is answered by api itself, as problem+json naming what is wrong, and never reaches database. Which input
 * breaks which rule is common's ItemRulesTest; here each rule is shown applied on each route it guards, with the
 * HTTP-level answers (413, 415, 405) that come from api's own configuration and routes.
 */
class ItemValidationTest extends FakeDatabaseTest {

    private static final String ITEMS = "/api/items";
    private static final String ITEM = "/api/items/some-item";
    private static final String GOOD = "{\"name\":\"a\",\"quantity\":1}";
    private static final List<String> NONE = List.of();
    private static final List<String> CURRENT = List.of("If-Match", "\"1\"");

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
        assertThat(database.received()).as("requests database received").isEmpty();
    }

    static Stream<Object[]> badRequests() {
        return Stream.of(
            bad("malformed JSON", "POST", ITEMS, JSON, "{bad", NONE, 400, "body"),
            bad("name missing", "POST", ITEMS, JSON, "{\"quantity\":1}", NONE, 400, "name"),
            bad("quantity negative", "POST", ITEMS, JSON, "{\"name\":\"a\",\"quantity\":-1}", NONE, 400, "quantity"),
            bad("quantity fraction", "POST", ITEMS, JSON, "{\"name\":\"a\",\"quantity\":1.5}", NONE, 400, "quantity"),
            bad("quantity text", "POST", ITEMS, JSON, "{\"name\":\"a\",\"quantity\":\"5\"}", NONE, 400, "quantity"),
            bad("unknown field", "POST", ITEMS, JSON, "{\"name\":\"a\",\"quantity\":1,\"color\":\"red\"}", NONE, 400, "color"),
            bad("text after the object", "POST", ITEMS, JSON, GOOD + " trailing", NONE, 400, "body"),
            bad("duplicate field", "POST", ITEMS, JSON, "{\"name\":\"a\",\"name\":\"b\",\"quantity\":1}", NONE, 400, "body"),
            bad("no Content-Type", "POST", ITEMS, null, GOOD, NONE, 415, null),
            bad("text body", "POST", ITEMS, "text/plain", "name=a", NONE, 415, null),
            bad("XML body", "POST", ITEMS, "application/xml", "<item/>", NONE, 415, null),
            bad("form body", "POST", ITEMS, "application/x-www-form-urlencoded", "name=a&quantity=1", NONE, 415, null),
            bad("empty Idempotency-Key", "POST", ITEMS, JSON, GOOD, List.of("Idempotency-Key", ""), 400, "Idempotency-Key"),
            bad("Idempotency-Key sent twice", "POST", ITEMS, JSON, GOOD,
                List.of("Idempotency-Key", "one", "Idempotency-Key", "two"), 400, "Idempotency-Key"),
            bad("limit zero", "GET", ITEMS + "?limit=0", null, null, NONE, 400, "limit"),
            bad("If-Match not quoted", "PUT", ITEM, JSON, GOOD, List.of("If-Match", "1"), 400, "If-Match"),
            bad("replace with empty name", "PUT", ITEM, JSON, "{\"name\":\"\",\"quantity\":2}", CURRENT, 400, "name"),
            bad("replace with unknown field", "PUT", ITEM, JSON, "{\"name\":\"a\",\"quantity\":2,\"extra\":1}", CURRENT, 400, "extra"),
            bad("replace without body", "PUT", ITEM, JSON, "", CURRENT, 400, "body"),
            bad("replace with text body", "PUT", ITEM, "text/plain", "a", CURRENT, 415, null),
            bad("delete with unquoted If-Match", "DELETE", ITEM, null, null, List.of("If-Match", "abc"), 400, "If-Match"),
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
        assertThat(database.received()).isEmpty();
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
