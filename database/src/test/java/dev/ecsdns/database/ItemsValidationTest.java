package dev.ecsdns.database;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Malformed requests are refused with problem+json naming what is wrong, and store nothing: the table holds one seed
 * item at version 1 before and after each case. Which input breaks which item rule is common's ItemRulesTest; here
 * each rule is shown applied on each route, with what only database judges (its cursors) and its 413 and 415.
 */
@MicronautTest
class ItemsValidationTest extends DatabaseTest {

    private String seedPath;

    @BeforeAll
    void storeSeedItem() {
        seedPath = http().post("/items", Http.item("seed", 1)).header("Location");
    }

    @AfterEach
    void nothingWasStoredOrChanged() {
        List<Map<String, Object>> items = http().get("/items").items();
        assertThat(items).hasSize(1);
        assertThat(items.get(0)).containsEntry("name", "seed").containsEntry("quantity", 1).containsEntry("version", 1);
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
            arguments("malformed JSON", "{\"name\":", List.of("body")),
            arguments("missing name", "{\"quantity\":1}", List.of("name")),
            arguments("quoted number quantity", "{\"name\":\"a\",\"quantity\":\"5\"}", List.of("quantity")),
            arguments("fractional quantity", "{\"name\":\"a\",\"quantity\":1.5}", List.of("quantity")),
            arguments("unknown field", "{\"name\":\"a\",\"quantity\":1,\"price\":3}", List.of("price")),
            arguments("everything wrong", "{\"name\":\"\",\"quantity\":-5,\"colour\":\"red\"}",
                List.of("colour", "name", "quantity")));
    }

    @ParameterizedTest(name = "create: {0}")
    @MethodSource("badBodies")
    void rejectsInvalidCreateBodyWithProblemJsonNamingTheFields(String description, String body, List<String> fields) {
        assertRejected(http().post("/items", body), 400, fields);
    }

    @ParameterizedTest(name = "update: {0}")
    @MethodSource("badBodies")
    void rejectsInvalidUpdateBodyWithProblemJsonNamingTheFields(String description, String body, List<String> fields) {
        assertRejected(http().put(seedPath, body, "If-Match", "\"1\""), 400, fields);
    }

    static Stream<Arguments> badIdempotencyKeys() {
        return Stream.of(
            arguments(""),
            arguments("slash/not/allowed"));
    }

    @ParameterizedTest(name = "Idempotency-Key [{0}]")
    @MethodSource("badIdempotencyKeys")
    void rejectsMalformedIdempotencyKey(String key) {
        assertRejected(http().post("/items", Http.item("a", 1), "Idempotency-Key", key), 400, List.of("Idempotency-Key"));
    }

    static Stream<Arguments> badIfMatch() {
        return Stream.of(
            arguments("1"),
            arguments("\"1\", \"2\""),
            arguments(""));
    }

    @ParameterizedTest(name = "PUT If-Match [{0}]")
    @MethodSource("badIfMatch")
    void rejectsMalformedIfMatchOnUpdate(String ifMatch) {
        assertRejected(http().put(seedPath, Http.item("changed", 2), "If-Match", ifMatch), 400, List.of("If-Match"));
    }

    @ParameterizedTest(name = "DELETE If-Match [{0}]")
    @MethodSource("badIfMatch")
    void rejectsMalformedIfMatchOnDelete(String ifMatch) {
        assertRejected(http().delete(seedPath, "If-Match", ifMatch), 400, List.of("If-Match"));
    }

    static Stream<Arguments> badListParameters() {
        String foreignCursor = Base64.getUrlEncoder().encodeToString("hello".getBytes(StandardCharsets.UTF_8));
        return Stream.of(
            arguments("limit=0", List.of("limit")),
            arguments("cursor=not*base64", List.of("cursor")),
            arguments("cursor=" + foreignCursor, List.of("cursor")),
            arguments("cursor=", List.of("cursor")),
            arguments("limit=0&cursor=x", List.of("limit", "cursor")));
    }

    @ParameterizedTest(name = "GET /items?{0}")
    @MethodSource("badListParameters")
    void rejectsBadListParameters(String query, List<String> names) {
        assertRejected(http().get("/items?" + query), 400, names);
    }

    @Test
    void rejectsNonJsonContentTypeWith415() {
        assertRejected(http().post("/items", Http.item("a", 1), "Content-Type", "text/plain"), 415, List.of());
    }

    @Test
    void rejectsFormEncodedUpdateWith415() {
        assertRejected(http().put(seedPath, "name=a&quantity=1", "Content-Type", "application/x-www-form-urlencoded",
            "If-Match", "\"1\""), 415, List.of());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"delete", "Delete", "put"})
    void rejectsAMethodNameInAnotherCaseWith405(String method) {
        assertRejected(http().send(method, seedPath, method.equalsIgnoreCase("put") ? Http.item("changed", 2) : null,
            "If-Match", "\"1\""), 405, List.of());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"application/json; charset=latin1", "application/json; charset=bogus"})
    void rejectsACharsetOtherThanUtf8With415(String contentType) {
        assertRejected(http().post("/items", Http.item("a", 1), "Content-Type", contentType), 415, List.of());
    }

    @Test
    void rejectsBodiesOver64KiBWith413() {
        String body = "{\"name\":\"" + "x".repeat(70 * 1024) + "\",\"quantity\":1}";

        assertRejected(http().post("/items", body), 413, List.of());
    }

    private static void assertRejected(Http.Response response, int status, List<String> invalidParams) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json()).containsEntry("status", status);
        assertThat(response.invalidParamNames()).containsExactlyInAnyOrderElementsOf(invalidParams);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
