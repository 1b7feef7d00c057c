package dev.ecsdns.common;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.exceptions.HttpStatusException;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a valid items request is, with one reason per rule, for every service that takes one: api checks a request
 * before it forwards it (a bad one costs database nothing) and database checks it again before it stores anything
 * (it trusts no caller). Each reason is noted under the name the client used, so one 400 lists all of them.
 * The body is read token by token rather than bound to a record: binding would turn 1.5 into 1 and "7" into 7,
 * keep the last of two equal keys, drop unknown fields and name no field when a type is wrong. The body arrives as
 * bytes and is decoded here, strictly: a lenient decoder would store U+FFFD in place of bytes that are not UTF-8.
 */
public final class ItemRules {

    public static final int MAX_NAME_LENGTH = 100;
    public static final int MAX_QUANTITY = 1_000_000;
    public static final int MAX_LIMIT = 100;
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    static final String BODY_REQUIRED = "is required, a JSON object with name and quantity";
    static final String BODY_MALFORMED = "is not well-formed JSON (one value, no duplicate keys)";
    static final String BODY_NOT_UTF8 = "is not UTF-8 text (JSON is exchanged in UTF-8 only)";
    static final String BODY_NOT_OBJECT = "must be a JSON object with name and quantity";
    static final String UNKNOWN_FIELD = "is not a field a client may set; send only name and quantity";
    static final String NAME = "is required: a string of 1 to " + MAX_NAME_LENGTH
        + " characters, not counting leading and trailing spaces";
    static final String NAME_CHARACTERS = "must not hold control characters (U+0000 to U+001F, U+007F to U+009F) "
        + "or unpaired surrogates";
    static final String QUANTITY = "is required: a whole number from 0 to " + MAX_QUANTITY;
    static final String IF_MATCH = "must be the item's ETag, a quoted version number such as \"3\"";
    static final String KEY = "must be sent once, as 1 to 100 characters of A-Z, a-z, 0-9, '.', '_', ':' and '-'";
    static final String LIMIT = "must be a whole number from 1 to " + MAX_LIMIT;

    private static final Pattern KEY_FORMAT = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
    private static final Pattern VERSION_TAG = Pattern.compile("\"([1-9][0-9]{0,17})\"");
    private static final Pattern LIMIT_FORMAT = Pattern.compile("[0-9]{1,3}");
    private static final BigDecimal MAX_QUANTITY_DECIMAL = BigDecimal.valueOf(MAX_QUANTITY);
    private static final JsonFactory STRICT_JSON = JsonFactory.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private ItemRules() {
    }

    /**
     * The body of a create or replace as {@code item(name stripped of surrounding white space, quantity)}, or null
     * after noting what is wrong. A body without Content-Type, or one that names a charset other than UTF-8 or any
     * other parameter, is 415: a route's {@code @Consumes} turns away other types but lets an untyped body and any
     * parameter through.
     */
    @Nullable
    public static <T> T newItem(HttpHeaders headers, @Nullable byte[] bytes, Violations violations,
                                BiFunction<String, Integer, T> item) {
        if (!ContentTypes.isUtf8(headers.getAll(HttpHeaders.CONTENT_TYPE), "application/json")) {
            throw new HttpStatusException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "Send the item as Content-Type: application/json, in UTF-8 (charset=utf-8 or no parameter)");
        }
        String body = bytes == null ? null : utf8(bytes);
        if (bytes != null && body == null) {
            violations.add("body", BODY_NOT_UTF8);
            return null;
        }
        if (body == null || body.isBlank()) {
            violations.add("body", BODY_REQUIRED);
            return null;
        }
        if (!wellFormed(body)) {
            violations.add("body", BODY_MALFORMED);
            return null;
        }
        try (JsonParser json = STRICT_JSON.createParser(body)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                violations.add("body", BODY_NOT_OBJECT);
                return null;
            }
            String name = null;
            Integer quantity = null;
            boolean unknown = false;
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                if (field.equals("name")) {
                    name = name(json, value);
                } else if (field.equals("quantity")) {
                    quantity = quantity(json, value);
                } else {
                    // The field's name goes back in the answer: only if it is text a client can read.
                    violations.add(isPrintableText(field) ? field : "body", UNKNOWN_FIELD);
                    unknown = true;
                }
                json.skipChildren();
            }
            if (name == null) {
                violations.add("name", NAME);
            } else if (!isPrintableText(name)) {
                violations.add("name", NAME_CHARACTERS);
                return null;
            }
            if (quantity == null) {
                violations.add("quantity", QUANTITY);
            }
            return name == null || quantity == null || unknown ? null : item.apply(name, quantity);
        } catch (IOException cannotHappen) {
            // wellFormed read the same text without error
            violations.add("body", BODY_MALFORMED);
            return null;
        }
    }

    /** The version an If-Match names (the client sends the ETag), or null without one. */
    @Nullable
    public static Long ifMatch(List<String> values, Violations violations) {
        if (values.isEmpty()) {
            return null;
        }
        Matcher tag = VERSION_TAG.matcher(values.get(0).strip());
        if (values.size() > 1 || !tag.matches()) {
            violations.add(HttpHeaders.IF_MATCH, IF_MATCH);
            return null;
        }
        return Long.parseLong(tag.group(1));
    }

    /** The client's Idempotency-Key, or null when it sent none or an invalid one. */
    @Nullable
    public static String idempotencyKey(List<String> values, Violations violations) {
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() > 1 || !isIdempotencyKey(values.get(0))) {
            violations.add(IDEMPOTENCY_KEY, KEY);
            return null;
        }
        return values.get(0);
    }

    public static boolean isIdempotencyKey(String key) {
        return KEY_FORMAT.matcher(key).matches();
    }

    /** The page size asked for, or null for the default (also when it is invalid: the violation says so). */
    @Nullable
    public static Integer limit(@Nullable String parameter, Violations violations) {
        if (parameter == null) {
            return null;
        }
        int limit = LIMIT_FORMAT.matcher(parameter).matches() ? Integer.parseInt(parameter) : 0;
        if (limit < 1 || limit > MAX_LIMIT) {
            violations.add("limit", LIMIT);
            return null;
        }
        return limit;
    }

    /** The text the bytes encode in UTF-8, or null if they are not UTF-8 (overlong forms and encoded surrogates too). */
    @Nullable
    public static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException notUtf8) {
            return null;
        }
    }

    /**
     * Whether text may be stored and shown as a name: no C0 or C1 control character (NUL included) and no surrogate
     * without its pair, which JSON's escapes can carry (\ud800) but no encoding can store or display.
     */
    public static boolean isPrintableText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** One JSON value and nothing after it, no duplicate keys. */
    private static boolean wellFormed(String body) {
        try (JsonParser json = STRICT_JSON.createParser(body)) {
            json.nextToken();
            json.skipChildren();
            return json.nextToken() == null;
        } catch (IOException malformed) {
            // The parser's message quotes internals; the client only needs to know the JSON is broken.
            return false;
        }
    }

    @Nullable
    private static String name(JsonParser json, JsonToken value) throws IOException {
        String name = value == JsonToken.VALUE_STRING ? json.getText().strip() : "";
        int length = name.codePointCount(0, name.length());
        return length < 1 || length > MAX_NAME_LENGTH ? null : name;
    }

    /** Any JSON number with a whole value: 3, 3.0 and 3e0 are all three. */
    @Nullable
    private static Integer quantity(JsonParser json, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_NUMBER_INT && value != JsonToken.VALUE_NUMBER_FLOAT) {
            return null;
        }
        BigDecimal number;
        try {
            number = json.getDecimalValue().stripTrailingZeros();
        } catch (NumberFormatException | ArithmeticException outOfRange) {
            return null;
        }
        boolean whole = number.scale() <= 0;
        return whole && number.signum() >= 0 && number.compareTo(MAX_QUANTITY_DECIMAL) <= 0 ? number.intValueExact() : null;
    }
}
