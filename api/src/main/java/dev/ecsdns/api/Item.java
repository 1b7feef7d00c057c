package dev.ecsdns.api;

import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * An item as database stores it; api hands it to clients unchanged.
 */
@Serdeable
record Item(String id, String name, int quantity, long version, Instant createdAt, Instant updatedAt) {
}
