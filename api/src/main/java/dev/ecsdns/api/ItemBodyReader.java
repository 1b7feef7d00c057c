package dev.ecsdns.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;

/**
 * Reads the body of a create or replace by database's rules: a JSON object with exactly a name (1 to 100 characters
 * once stripped of surrounding white space) and a quantity (a whole number from 0 to 1,000,000). Read as a tree, not bound to a record, so wrong
 * types and unknown fields are each named instead of failing the whole body at the first one.
 */
@Singleton
final class ItemBodyReader {

    private static final Set<String> FIELDS = Set.of("name", "quantity");
    private static final int MAX_NAME_LENGTH = 100;
    private static final BigDecimal MAX_QUANTITY = BigDecimal.valueOf(1_000_000);
    private static final String MALFORMED = "is not well-formed JSON (one value, no duplicate keys)";
    private static final JsonFactory STRICT_JSON = JsonFactory.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final JsonMapper json;

    ItemBodyReader(JsonMapper json) {
        this.json = json;
    }

    /** The item in the body, or null after telling check what is wrong with it. */
    @Nullable
    NewItem read(HttpHeaders headers, @Nullable String body, InputCheck check) {
        if (headers.contentType().isEmpty()) {
            // The route's @Consumes turns away other types but lets a body without any type through.
            throw new HttpStatusException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Send the item as Content-Type: application/json");
        }
        JsonNode tree = parse(body, check);
        if (tree == null) {
            return null;
        }
        for (Map.Entry<String, JsonNode> field : tree.entries()) {
            if (!FIELDS.contains(field.getKey())) {
                check.reject(field.getKey(), "is not a field a client may set; send only name and quantity");
            }
        }
        String name = name(tree.get("name"), check);
        Integer quantity = quantity(tree.get("quantity"), check);
        return name == null || quantity == null ? null : new NewItem(name, quantity);
    }

    @Nullable
    private JsonNode parse(@Nullable String body, InputCheck check) {
        if (body == null || body.isBlank()) {
            check.reject("body", "is required, a JSON object with name and quantity");
            return null;
        }
        try {
            JsonNode tree = wellFormed(body) ? json.readValue(body, Argument.of(JsonNode.class)) : null;
            if (tree != null && tree.isObject()) {
                return tree;
            }
            check.reject("body", tree == null ? MALFORMED : "must be a JSON object with name and quantity");
        } catch (IOException | RuntimeException malformed) {
            check.reject("body", MALFORMED);
        }
        return null;
    }

    /** Micronaut's mapper ignores text after the value and keeps the last of duplicate keys; database may not. */
    private static boolean wellFormed(String body) {
        try (JsonParser parser = STRICT_JSON.createParser(body)) {
            parser.nextToken();
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (IOException malformed) {
            // The parser's message quotes internals; the client only needs to know the JSON is broken.
            return false;
        }
    }

    @Nullable
    private static String name(@Nullable JsonNode node, InputCheck check) {
        String name = node != null && node.isString() ? node.getStringValue() : null;
        String trimmed = name == null ? "" : name.strip();
        int length = trimmed.codePointCount(0, trimmed.length());
        if (length < 1 || length > MAX_NAME_LENGTH) {
            check.reject("name", "is required: a string of 1 to " + MAX_NAME_LENGTH
                + " characters, not counting leading and trailing spaces");
            return null;
        }
        return name;
    }

    @Nullable
    private static Integer quantity(@Nullable JsonNode node, InputCheck check) {
        // Any JSON number with a whole value, as database takes it: 3, 3.0 and 3e0 are all three.
        BigDecimal value = node != null && node.isNumber() ? node.getBigDecimalValue().stripTrailingZeros() : null;
        if (value == null || value.scale() > 0 || value.signum() < 0 || value.compareTo(MAX_QUANTITY) > 0) {
            check.reject("quantity", "is required: a whole number from 0 to " + MAX_QUANTITY);
            return null;
        }
        return value.intValueExact();
    }
}
