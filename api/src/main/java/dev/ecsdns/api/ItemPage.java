package dev.ecsdns.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * One page of items and the cursor of the next page. Both fields are always written: {@code "items": []} on an
 * empty table, {@code "next": null} on the last page.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
record ItemPage(List<Item> items, @Nullable String next) {
}
