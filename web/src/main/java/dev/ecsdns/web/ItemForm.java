package dev.ecsdns.web;

import io.micronaut.core.annotation.Nullable;

import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What a browser posts from the add, change and delete forms. Every field is text exactly as typed, so a rejected
 * form can be shown again with the user's input intact.
 *
 * @param version        the item version the page showed, sent back as If-Match
 * @param idempotencyKey rendered into the add form, sent as Idempotency-Key
 * @param cursor         the page the form was on, so the redirect returns there
 */
record ItemForm(@Nullable String name,
                @Nullable String quantity,
                @Nullable String version,
                @Nullable String idempotencyKey,
                @Nullable String cursor) {

    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");

    /**
     * Checks only what web needs to build the JSON body (a quantity must be a whole number); the api service owns
     * the rules on names and ranges, and its 400 reasons are shown the same way, so those rules live in one place.
     */
    Map<String, String> invalidFields() {
        String typed = text(quantity).trim();
        if (typed.isEmpty()) {
            return Map.of("quantity", "Enter a quantity.");
        }
        if (!INTEGER.matcher(typed).matches()) {
            return Map.of("quantity", "Enter a whole number, such as 12.");
        }
        return parsedQuantity() == null ? Map.of("quantity", "That number is out of range.") : Map.of();
    }

    /** Call only once {@link #invalidFields()} is empty. */
    NewItem toNewItem() {
        return new NewItem(text(name), parsedQuantity());
    }

    /** The version as an entity tag, or null when the form carried none (the api then answers 428). */
    @Nullable
    String ifMatch() {
        String typed = text(version).trim();
        return DIGITS.matcher(typed).matches() ? "\"" + typed + "\"" : null;
    }

    /** A form posted without a key (a script, an old page) still works; it just gets no duplicate protection. */
    String idempotencyKeyOrNew() {
        return idempotencyKey == null || idempotencyKey.isBlank() ? UUID.randomUUID().toString() : idempotencyKey;
    }

    @Nullable
    String pageCursor() {
        return cursor == null || cursor.isBlank() ? null : cursor;
    }

    /** True when the item already holds what this form asked for: a repeated submit of a change that applied. */
    boolean matches(Item item) {
        Integer wanted = parsedQuantity();
        return wanted != null && wanted == item.quantity() && text(name).trim().equals(item.name().trim());
    }

    Fields fields(Map<String, String> errors) {
        return new Fields(text(name), text(quantity), errors);
    }

    @Nullable
    private Integer parsedQuantity() {
        try {
            return Integer.valueOf(text(quantity).trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String text(@Nullable String value) {
        return value == null ? "" : value;
    }
}
