package dev.ecsdns.web;

import io.micronaut.core.annotation.Nullable;

import java.util.Map;

/**
 * The name and quantity inputs of one form as they should be shown, with a reason next to each rejected one.
 */
public record Fields(String name, String quantity, Map<String, String> errors) {

    static Fields empty() {
        return new Fields("", "", Map.of());
    }

    static Fields of(Item item) {
        return new Fields(item.name(), String.valueOf(item.quantity()), Map.of());
    }

    @Nullable
    public String error(String field) {
        return errors.get(field);
    }

    /** Reasons for fields this form does not show (the api may name others), joined for a message above it. */
    @Nullable
    public String otherErrors() {
        return errors.entrySet().stream()
            .filter(e -> !e.getKey().equals("name") && !e.getKey().equals("quantity"))
            .map(e -> e.getKey().isEmpty() ? e.getValue() : e.getKey() + ": " + e.getValue())
            .reduce((a, b) -> a + " " + b).orElse(null);
    }
}
