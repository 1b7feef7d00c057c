package dev.ecsdns.database;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * One page of items and the opaque cursor of the next page, or null on the last one. Both fields are always
 * written, empty list and null included, so clients never guess.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
record ItemPage(List<Item> items, @Nullable String next) {
}
