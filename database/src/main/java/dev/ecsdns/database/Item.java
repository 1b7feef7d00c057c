package dev.ecsdns.database;

import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * A stored item as clients see it. {@code version} starts at 1 and grows by one per update; it is the ETag.
 */
@Serdeable
record Item(String id, String name, int quantity, long version, Instant createdAt, Instant updatedAt) {

    /** The ETag of this version: a strong validator, the version number in quotes. */
    String etag() {
        return "\"" + version + "\"";
    }
}
