package dev.ecsdns.common;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/**
 * Answers an invalid request with 400 problem+json whose invalid-params name each bad field, header or parameter.
 */
@Produces
@Singleton
final class InvalidRequestHandler implements ExceptionHandler<InvalidRequestException, HttpResponse<?>> {

    private final ErrorResponseProcessor<?> processor;

    InvalidRequestHandler(ErrorResponseProcessor<?> processor) {
        this.processor = processor;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, InvalidRequestException exception) {
        return processor.processResponse(
            ErrorContext.builder(request).cause(exception).errors(InvalidRequestException.errors(exception.invalidParams()))
                .build(),
            HttpResponse.badRequest());
    }
}
