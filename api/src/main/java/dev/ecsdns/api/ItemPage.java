package dev.ecsdns.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * One page of items and the cursor of the next page; {@code "next": null} (written, not left out) on the last page.
 */
@Serdeable
record ItemPage(List<Item> items, @Nullable @JsonInclude(JsonInclude.Include.ALWAYS) String next) {
}
