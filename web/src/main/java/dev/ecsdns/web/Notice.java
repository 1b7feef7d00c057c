package dev.ecsdns.web;

import io.micronaut.core.annotation.Nullable;

import java.util.Arrays;

/**
 * The outcome a redirect after a form post reports, carried as {@code ?done=<code>}. Only these fixed texts are
 * ever shown, so a crafted link cannot put words on the page.
 */
enum Notice {
    ADDED("added", "Item added."),
    SAVED("saved", "Changes saved."),
    DELETED("deleted", "Item deleted."),
    GONE("gone", "That item no longer exists; someone else deleted it.");

    private final String code;
    private final String message;

    Notice(String code, String message) {
        this.code = code;
        this.message = message;
    }

    String code() {
        return code;
    }

    @Nullable
    static String message(@Nullable String code) {
        return Arrays.stream(values()).filter(n -> n.code.equals(code)).map(n -> n.message).findFirst().orElse(null);
    }
}
