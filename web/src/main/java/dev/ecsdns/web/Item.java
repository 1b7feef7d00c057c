package dev.ecsdns.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * An item as the api service returns it. Public because the precompiled templates live in jte's own package.
 */
@Serdeable
public record Item(String id, String name, int quantity, long version,
                   @Nullable Instant createdAt, @Nullable Instant updatedAt) {
}
