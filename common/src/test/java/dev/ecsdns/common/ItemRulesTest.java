package dev.ecsdns.common;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The item rules, each once: which input breaks which rule, and the one reason a client reads for it. The services
 * apply these rules; their own tests only check that they do (a 400 naming the field), not every case again.
 */
class ItemRulesTest {

    private static final HttpHeaders JSON = headers(MediaType.APPLICATION_JSON);

    static Stream<Arguments> badBodies() {
        return Stream.of(
            arguments("malformed JSON", "{bad", List.of(param("body", ItemRules.BODY_MALFORMED))),
            arguments("empty body", "", List.of(param("body", ItemRules.BODY_REQUIRED))),
            arguments("blank body", "  ", List.of(param("body", ItemRules.BODY_REQUIRED))),
            arguments("array", "[]", List.of(param("body", ItemRules.BODY_NOT_OBJECT))),
            arguments("string", "\"item\"", List.of(param("body", ItemRules.BODY_NOT_OBJECT))),
            arguments("JSON null", "null", List.of(param("body", ItemRules.BODY_NOT_OBJECT))),
            arguments("text after the object", "{\"name\":\"a\",\"quantity\":1} trailing", List.of(param("body", ItemRules.BODY_MALFORMED))),
            arguments("two objects", "{\"name\":\"a\",\"quantity\":1}{\"name\":\"a\",\"quantity\":1}", List.of(param("body", ItemRules.BODY_MALFORMED))),
            arguments("duplicate key", "{\"name\":\"a\",\"name\":\"b\",\"quantity\":1}", List.of(param("body", ItemRules.BODY_MALFORMED))),
            arguments("no fields", "{}", List.of(param("name", ItemRules.NAME), param("quantity", ItemRules.QUANTITY))),
            arguments("name missing", "{\"quantity\":1}", List.of(param("name", ItemRules.NAME))),
            arguments("name empty", "{\"name\":\"\",\"quantity\":1}", List.of(param("name", ItemRules.NAME))),
            arguments("name blank", "{\"name\":\"   \",\"quantity\":1}", List.of(param("name", ItemRules.NAME))),
            arguments("name of white space only", "{\"name\":\"\\u3000\\t\",\"quantity\":1}", List.of(param("name", ItemRules.NAME))),
            arguments("name of 101 characters", "{\"name\":\"" + "n".repeat(101) + "\",\"quantity\":1}", List.of(param("name", ItemRules.NAME))),
            arguments("name null", "{\"name\":null,\"quantity\":1}", List.of(param("name", ItemRules.NAME))),
            arguments("name true", "{\"name\":true,\"quantity\":1}", List.of(param("name", ItemRules.NAME))),
            arguments("name number", "{\"name\":42,\"quantity\":1}", List.of(param("name", ItemRules.NAME))),
            arguments("name array", "{\"name\":[\"a\"],\"quantity\":1}", List.of(param("name", ItemRules.NAME))),
            arguments("name object", "{\"name\":{\"x\":1},\"quantity\":1}", List.of(param("name", ItemRules.NAME))),
            arguments("quantity missing", "{\"name\":\"a\"}", List.of(param("quantity", ItemRules.QUANTITY))),
            arguments("quantity negative", "{\"name\":\"a\",\"quantity\":-1}", List.of(param("quantity", ItemRules.QUANTITY))),
            arguments("quantity over a million", "{\"name\":\"a\",\"quantity\":1000001}", List.of(param("quantity", ItemRules.QUANTITY))),
            arguments("quantity 1.5", "{\"name\":\"a\",\"quantity\":1.5}", List.of(param("quantity", ItemRules.QUANTITY))),
            arguments("quantity 15e-1", "{\"name\":\"a\",\"quantity\":15e-1}", List.of(param("quantity", ItemRules.QUANTITY))),
            arguments("quantity 1e7", "{\"name\":\"a\",\"quantity\":1e7}", List.of(param("quantity", ItemRules.QUANTITY))),
            arguments("quantity 1e400", "{\"name\":\"a\",\"quantity\":1e400}", List.of(param("quantity", ItemRules.QUANTITY))),
            arguments("quantity of 20 digits", "{\"name\":\"a\",\"quantity\":99999999999999999999}", List.of(param("quantity", ItemRules.QUANTITY))),
            arguments("quantity \"5\"", "{\"name\":\"a\",\"quantity\":\"5\"}", List.of(param("quantity", ItemRules.QUANTITY))),
            arguments("quantity text", "{\"name\":\"a\",\"quantity\":\"abc\"}", List.of(param("quantity", ItemRules.QUANTITY))),
            arguments("quantity null", "{\"name\":\"a\",\"quantity\":null}", List.of(param("quantity", ItemRules.QUANTITY))),
            arguments("quantity true", "{\"name\":\"a\",\"quantity\":true}", List.of(param("quantity", ItemRules.QUANTITY))),
            arguments("quantity array", "{\"name\":\"a\",\"quantity\":[1]}", List.of(param("quantity", ItemRules.QUANTITY))),
            arguments("unknown field", "{\"name\":\"a\",\"quantity\":1,\"color\":\"red\"}", List.of(param("color", ItemRules.UNKNOWN_FIELD))),
            arguments("client-set id", "{\"name\":\"a\",\"quantity\":1,\"id\":\"mine\"}", List.of(param("id", ItemRules.UNKNOWN_FIELD))),
            arguments("client-set version", "{\"name\":\"a\",\"quantity\":1,\"version\":5}", List.of(param("version", ItemRules.UNKNOWN_FIELD))),
            arguments("everything wrong", "{\"name\":\"\",\"quantity\":-5,\"colour\":\"red\"}",
                List.of(param("colour", ItemRules.UNKNOWN_FIELD), param("name", ItemRules.NAME), param("quantity", ItemRules.QUANTITY))));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("badBodies")
    void rejectsABodyNamingEachBrokenRuleWithItsReason(String why, String body, List<Problem.InvalidParam> expected) {
        Violations violations = new Violations();

        Item item = ItemRules.newItem(JSON, utf8(body), violations, Item::new);

        assertThat(item).isNull();
        assertThat(invalidParams(violations)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "{\"name\":\"a\",\"quantity\":1}                  | a  | 1",
        "{\"name\":\"  padded  \",\"quantity\":0}         | padded | 0",
        "{\"name\":\"a\",\"quantity\":2.0}                | a  | 2",
        "{\"name\":\"a\",\"quantity\":3e0}                | a  | 3",
        "{\"name\":\"a\",\"quantity\":1000000}            | a  | 1000000",
        "{\"quantity\":5,\"name\":\"reversed\"}           | reversed | 5"})
    void readsAValidBodyWithTheNameStripped(String body, String name, int quantity) {
        Violations violations = new Violations();

        assertThat(ItemRules.newItem(JSON, utf8(body), violations, Item::new)).isEqualTo(new Item(name, quantity));
        assertThat(invalidParams(violations)).isEmpty();
    }

    static Stream<Arguments> notUtf8() {
        return Stream.of(
            arguments("a byte that never starts a character", new byte[] {'{', '"', (byte) 0xff, '"', ':', '1', '}'}),
            arguments("latin-1 e acute", "{\"name\":\"caf\u00e9\",\"quantity\":1}".getBytes(StandardCharsets.ISO_8859_1)),
            arguments("overlong '/' (C0 AF)", bytes("{\"name\":\"a", 0xc0, 0xaf, "\",\"quantity\":1}")),
            arguments("encoded surrogate (ED A0 80)", bytes("{\"name\":\"a", 0xed, 0xa0, 0x80, "\",\"quantity\":1}")),
            arguments("truncated sequence", bytes("{\"name\":\"a", 0xe2, 0x82, "\",\"quantity\":1}")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("notUtf8")
    void rejectsABodyThatIsNotUtf8RatherThanStoringReplacementCharacters(String why, byte[] body) {
        assertRejected(v -> ItemRules.newItem(JSON, body, v, Item::new), "body", ItemRules.BODY_NOT_UTF8);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"a\\u0000b", "a\\u0007", "a\\u001fb", "a\\u007f", "a\\u0085b", "a\\ud800b", "\\udc00", "a\\ude00\\ud83d"})
    void rejectsANameWithControlCharactersOrUnpairedSurrogates(String escaped) {
        String body = "{\"name\":\"" + escaped + "\",\"quantity\":1}";

        assertRejected(v -> ItemRules.newItem(JSON, utf8(body), v, Item::new), "name", ItemRules.NAME_CHARACTERS);
    }

    @Test
    void acceptsANameOfPairedSurrogatesEscapedOrNot() {
        Violations violations = new Violations();

        assertThat(ItemRules.newItem(JSON, utf8("{\"name\":\"\\ud83d\\ude00 \ud83d\ude00\",\"quantity\":1}"), violations, Item::new))
            .isEqualTo(new Item("\ud83d\ude00 \ud83d\ude00", 1));
        assertThat(invalidParams(violations)).isEmpty();
    }

    @Test
    void namesAnUnknownFieldWhoseNameIsNotPrintableAsTheBody() {
        assertRejected(v -> ItemRules.newItem(JSON, utf8("{\"name\":\"a\",\"quantity\":1,\"\\u0000\":1}"), v, Item::new),
            "body", ItemRules.UNKNOWN_FIELD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json; charset=latin1", "application/json; charset=ISO-8859-1",
        "application/json; charset=utf-16", "application/json; charset=bogus", "application/json; version=2",
        "application/json-patch+json", "text/json"})
    void answers415ForAnotherTypeOrCharsetOrParameter(String contentType) {
        assertThatThrownBy(() -> ItemRules.newItem(headers(contentType), utf8("{\"name\":\"a\",\"quantity\":1}"), new Violations(), Item::new))
            .isInstanceOfSatisfying(HttpStatusException.class,
                e -> assertThat((Object) e.getStatus()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "APPLICATION/JSON", "application/json; charset=utf-8",
        "application/json;charset=\"UTF-8\"", "application/json;"})
    void takesJsonWithoutParametersOrInUtf8(String contentType) {
        assertThat(ItemRules.newItem(headers(contentType), utf8("{\"name\":\"a\",\"quantity\":1}"), new Violations(), Item::new))
            .isEqualTo(new Item("a", 1));
    }

    @Test
    void acceptsANameOf100CharactersWithSurroundingSpaces() {
        String name = "n".repeat(100);

        assertThat(ItemRules.newItem(JSON, utf8("{\"name\":\"  " + name + "  \",\"quantity\":1}"), new Violations(), Item::new))
            .isEqualTo(new Item(name, 1));
    }

    @Test
    void answers415ForABodyWithoutContentType() {
        assertThatThrownBy(() -> ItemRules.newItem(HttpRequest.POST("/", "").getHeaders(), utf8("{}"), new Violations(), Item::new))
            .isInstanceOfSatisfying(HttpStatusException.class,
                e -> assertThat((Object) e.getStatus()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "a/b", "é"})
    void rejectsAnIdempotencyKeyOutsideItsAlphabet(String key) {
        assertRejected(violations -> ItemRules.idempotencyKey(List.of(key), violations), "Idempotency-Key", ItemRules.KEY);
    }

    @Test
    void rejectsAnIdempotencyKeyOf101CharactersOrSentTwice() {
        assertRejected(v -> ItemRules.idempotencyKey(List.of("k".repeat(101)), v), "Idempotency-Key", ItemRules.KEY);
        assertRejected(v -> ItemRules.idempotencyKey(List.of("one", "two"), v), "Idempotency-Key", ItemRules.KEY);
    }

    @Test
    void takesAnIdempotencyKeyOf100AllowedCharactersOrNone() {
        String key = "Az09._:-".repeat(12) + "abcd";
        Violations violations = new Violations();

        assertThat(ItemRules.idempotencyKey(List.of(key), violations)).isEqualTo(key);
        assertThat(ItemRules.idempotencyKey(List.of(), violations)).isNull();
        assertThat(invalidParams(violations)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "\"abc\"", "\"0\"", "W/\"1\"", "*", "\"1000000000000000000\"", "\"1\", \"2\"", ""})
    void rejectsAnIfMatchThatIsNotOneOfOurEtags(String ifMatch) {
        assertRejected(v -> ItemRules.ifMatch(List.of(ifMatch), v), "If-Match", ItemRules.IF_MATCH);
    }

    @Test
    void readsTheVersionOfAnIfMatchOrNoneWithout() {
        Violations violations = new Violations();

        assertThat(ItemRules.ifMatch(List.of("\"42\""), violations)).isEqualTo(42L);
        assertThat(ItemRules.ifMatch(List.of(" \"7\" "), violations)).isEqualTo(7L);
        assertThat(ItemRules.ifMatch(List.of(), violations)).isNull();
        assertThat(invalidParams(violations)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "abc", "-5", "1.5", "", "1000"})
    void rejectsALimitOutsideOneToAHundred(String limit) {
        assertRejected(v -> ItemRules.limit(limit, v), "limit", ItemRules.LIMIT);
    }

    @Test
    void readsALimitOrNoneForTheDefault() {
        Violations violations = new Violations();

        assertThat(ItemRules.limit("1", violations)).isEqualTo(1);
        assertThat(ItemRules.limit("100", violations)).isEqualTo(100);
        assertThat(ItemRules.limit(null, violations)).isNull();
        assertThat(invalidParams(violations)).isEmpty();
    }

    @Test
    void throwsNothingWithoutViolationsAndEveryViolationInOneException() {
        Violations violations = new Violations();
        violations.throwIfAny();
        violations.add("name", ItemRules.NAME);
        violations.add("limit", ItemRules.LIMIT);

        assertThatThrownBy(violations::throwIfAny).isInstanceOfSatisfying(InvalidRequestException.class,
            e -> assertThat(e.invalidParams()).extracting(Problem.InvalidParam::name).containsExactly("name", "limit"));
    }

    private static void assertRejected(Function<Violations, ?> read, String name, String reason) {
        Violations violations = new Violations();

        assertThat((Object) read.apply(violations)).isNull();
        assertThat(invalidParams(violations)).containsExactly(param(name, reason));
    }

    private static List<Problem.InvalidParam> invalidParams(Violations violations) {
        try {
            violations.throwIfAny();
            return List.of();
        } catch (InvalidRequestException e) {
            return e.invalidParams();
        }
    }

    private static Problem.InvalidParam param(String name, String reason) {
        return new Problem.InvalidParam(name, reason);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Text and raw bytes (ints 0-255) in order, as one body. */
    private static byte[] bytes(Object... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof String text) {
                out.writeBytes(utf8(text));
            } else {
                out.write((Integer) part);
            }
        }
        return out.toByteArray();
    }

    private static HttpHeaders headers(String contentType) {
        MutableHttpRequest<String> request = HttpRequest.POST("/", "").contentType(contentType);
        return request.getHeaders();
    }

    private record Item(String name, int quantity) {
    }
}
