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
import java.util.List;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a valid items request is, with one reason per rule, for every service that takes one: api checks a request
 * before it forwards it (a bad one costs database nothing) and database checks it again before it stores anything
 * (it trusts no caller). Each reason is noted under the name the client used, so one 400 lists all of them.
 * The body is read token by token rather than bound to a record: binding would turn 1.5 into 1 and "7" into 7,
 * keep the last of two equal keys, drop unknown fields and name no field when a type is wrong.
 */
public final class ItemRules {

    public static final int MAX_NAME_LENGTH = 100;
    public static final int MAX_QUANTITY = 1_000_000;
    public static final int MAX_LIMIT = 100;
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    static final String BODY_REQUIRED = "is required, a JSON object with name and quantity";
    static final String BODY_MALFORMED = "is not well-formed JSON (one value, no duplicate keys)";
    static final String BODY_NOT_OBJECT = "must be a JSON object with name and quantity";
    static final String UNKNOWN_FIELD = "is not a field a client may set; send only name and quantity";
    static final String NAME = "is required: a string of 1 to " + MAX_NAME_LENGTH
        + " characters, not counting leading and trailing spaces";
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
     * after noting what is wrong. A body without Content-Type is 415: a route's {@code @Consumes} turns away other
     * types but lets an untyped body through.
     */
    @Nullable
    public static <T> T newItem(HttpHeaders headers, @Nullable String body, Violations violations,
                                BiFunction<String, Integer, T> item) {
        if (headers.contentType().isEmpty()) {
            throw new HttpStatusException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Send the item as Content-Type: application/json");
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
                    violations.add(field, UNKNOWN_FIELD);
                    unknown = true;
                }
                json.skipChildren();
            }
            if (name == null) {
                violations.add("name", NAME);
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
