package dev.ecsdns.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * Which instance of which service answered, and (for callers) which instance answered their downstream call.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Whoami(String service, String instance, @Nullable Whoami downstream) {
}
