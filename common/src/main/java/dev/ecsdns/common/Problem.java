package dev.ecsdns.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * An RFC 9457 problem details body, the one shape of every 4xx and 5xx answer.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type,
                      String title,
                      int status,
                      @Nullable String detail,
                      @Nullable String instance,
                      @Nullable @JsonProperty("invalid-params") List<InvalidParam> invalidParams) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One rejected input: which field or header, and why. */
    @Serdeable
    public record InvalidParam(String name, String reason) {
    }
}
