package dev.ecsdns.database;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/**
 * Answers a lost optimistic-locking race with 412 problem+json and the item's current ETag.
 */
@Produces
@Singleton
final class VersionMismatchHandler implements ExceptionHandler<VersionMismatchException, HttpResponse<?>> {

    private final ErrorResponseProcessor<?> processor;

    VersionMismatchHandler(ErrorResponseProcessor<?> processor) {
        this.processor = processor;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, VersionMismatchException exception) {
        return processor.processResponse(
            ErrorContext.builder(request).cause(exception).errorMessage(exception.getMessage()).build(),
            HttpResponse.status(HttpStatus.PRECONDITION_FAILED).header(HttpHeaders.ETAG, exception.currentEtag()));
    }
}
