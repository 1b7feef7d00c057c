package dev.ecsdns.database;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the parts of an items request strictly, noting every violation by the name the client used. The body is
 * read by hand rather than bound to a record: binding would quietly turn 1.5 into 1 and "7" into 7, drop unknown
 * fields, and report type errors without the field's name.
 */
final class ItemRequests {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    static final int MAX_NAME_LENGTH = 100;
    static final int MAX_QUANTITY = 1_000_000;

    private static final Set<String> FIELDS = Set.of("name", "quantity");
    private static final Pattern ETAG = Pattern.compile("\"([1-9][0-9]{0,17})\"");
    private static final Pattern LIMIT = Pattern.compile("[0-9]{1,3}");

    private ItemRequests() {
    }

    /** The body as a NewItem with its name trimmed, or null if it has violations. */
    @Nullable
    static NewItem newItem(@Nullable String body, JsonMapper json, Violations violations) {
        JsonNode node = parse(body, json);
        if (node == null || !node.isObject()) {
            violations.add("body", node == null ? "must be valid JSON" : "must be a JSON object");
            return null;
        }
        for (Map.Entry<String, JsonNode> field : node.entries()) {
            if (!FIELDS.contains(field.getKey())) {
                violations.add(field.getKey(), "is not a field of an item; allowed: name, quantity");
            }
        }
        String name = name(node.get("name"), violations);
        Integer quantity = quantity(node.get("quantity"), violations);
        return name == null || quantity == null ? null : new NewItem(name, quantity);
    }

    /** The version an If-Match header names, or null without one. */
    @Nullable
    static Long ifMatch(@Nullable String header, Violations violations) {
        if (header == null) {
            return null;
        }
        Matcher etag = ETAG.matcher(header.strip());
        if (!etag.matches()) {
            violations.add("If-Match", "must be one ETag of this API: the version in double quotes, e.g. \"3\"");
            return null;
        }
        return Long.parseLong(etag.group(1));
    }

    @Nullable
    static String idempotencyKey(@Nullable String header, Violations violations) {
        if (header != null && !ItemAttributes.isIdempotencyKey(header)) {
            violations.add("Idempotency-Key", "must be 1 to 100 characters of A-Z, a-z, 0-9, '.', '_', ':', '-'");
        }
        return header;
    }

    static int limit(@Nullable String parameter, Violations violations) {
        if (parameter == null) {
            return DEFAULT_LIMIT;
        }
        int limit = LIMIT.matcher(parameter).matches() ? Integer.parseInt(parameter) : 0;
        if (limit < 1 || limit > MAX_LIMIT) {
            violations.add("limit", "must be a whole number from 1 to " + MAX_LIMIT);
        }
        return limit;
    }

    @Nullable
    static String cursor(@Nullable String parameter, Violations violations) {
        if (parameter != null && Cursors.decode(parameter).isEmpty()) {
            violations.add("cursor", "must be the 'next' value of an earlier page");
        }
        return parameter;
    }

    @Nullable
    private static JsonNode parse(@Nullable String body, JsonMapper json) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return json.readValue(body, JsonNode.class);
        } catch (IOException | RuntimeException malformed) {
            return null;
        }
    }

    @Nullable
    private static String name(@Nullable JsonNode node, Violations violations) {
        if (node == null || node.isNull()) {
            violations.add("name", "is required");
            return null;
        }
        if (!node.isString()) {
            violations.add("name", "must be a string");
            return null;
        }
        String name = node.getStringValue().strip();
        int length = name.codePointCount(0, name.length());
        if (length == 0 || length > MAX_NAME_LENGTH) {
            violations.add("name",
                "must be 1 to " + MAX_NAME_LENGTH + " characters, not counting leading and trailing spaces");
            return null;
        }
        return name;
    }

    @Nullable
    private static Integer quantity(@Nullable JsonNode node, Violations violations) {
        if (node == null || node.isNull()) {
            violations.add("quantity", "is required");
            return null;
        }
        BigDecimal value = node.isNumber() ? decimal(node) : null;
        if (value == null || value.stripTrailingZeros().scale() > 0) {
            violations.add("quantity", "must be a whole number");
            return null;
        }
        if (value.signum() < 0 || value.compareTo(BigDecimal.valueOf(MAX_QUANTITY)) > 0) {
            violations.add("quantity", "must be from 0 to " + MAX_QUANTITY);
            return null;
        }
        return value.intValueExact();
    }

    @Nullable
    private static BigDecimal decimal(JsonNode number) {
        try {
            return number.getBigDecimalValue();
        } catch (NumberFormatException notFinite) {
            return null;
        }
    }
}
