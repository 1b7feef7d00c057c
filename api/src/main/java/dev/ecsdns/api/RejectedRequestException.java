package dev.ecsdns.api;

import dev.ecsdns.common.Problem;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;

import java.util.List;

/**
 * A rejection database explained (invalid input, missing item, stale If-Match, reused Idempotency-Key...), which the
 * client gets just the same.
 */
final class RejectedRequestException extends RuntimeException {

    private final HttpStatus status;
    private final transient List<Problem.InvalidParam> invalidParams;
    private final String etag;

    RejectedRequestException(HttpStatus status, @Nullable String detail, List<Problem.InvalidParam> invalidParams,
                             @Nullable String etag) {
        super(detail, null, false, false);
        this.status = status;
        this.invalidParams = List.copyOf(invalidParams);
        this.etag = etag;
    }

    HttpStatus status() {
        return status;
    }

    List<Problem.InvalidParam> invalidParams() {
        return invalidParams;
    }

    @Nullable
    String etag() {
        return etag;
    }
}
