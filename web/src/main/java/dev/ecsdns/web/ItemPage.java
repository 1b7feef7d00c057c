package dev.ecsdns.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * The api's answer to a list call (the wire type, named as api and database name it): one page of items; {@code next}
 * is the cursor of the following page, null on the last.
 */
@Serdeable
record ItemPage(@Nullable List<Item> items, @Nullable String next) {

    /** Micronaut serializers leave out empty lists by default, so an empty page may arrive without "items". */
    ItemPage {
        items = items == null ? List.of() : items;
    }
}
