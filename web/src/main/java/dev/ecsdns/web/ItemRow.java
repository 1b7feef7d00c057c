package dev.ecsdns.web;

import io.micronaut.core.annotation.Nullable;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One listed item with its change form, which may hold rejected input or a message about that item.
 */
public record ItemRow(Item item, Fields fields, @Nullable String message) {

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
        .withZone(ZoneOffset.UTC);

    static ItemRow of(Item item) {
        return new ItemRow(item, Fields.of(item), null);
    }

    /** The form's target; the id is encoded so no id can change the path. */
    public String action() {
        return "/items/" + URLEncoder.encode(item.id(), StandardCharsets.UTF_8).replace("+", "%20");
    }

    public String updated() {
        return item.updatedAt() == null ? "" : SHOWN.format(item.updatedAt());
    }

    public String updatedIso() {
        return item.updatedAt() == null ? "" : item.updatedAt().toString();
    }
}
