package dev.ecsdns.api;

import dev.ecsdns.common.InvalidRequestException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/**
 * Answers a rejection passed on from database with problem+json through the shared processor, so it looks exactly
 * like every other error, with {@code instance} naming the api URL called.
 */
@Produces
@Singleton
final class RejectedRequestHandler implements ExceptionHandler<RejectedRequestException, HttpResponse<?>> {

    private final ErrorResponseProcessor<?> processor;

    RejectedRequestHandler(ErrorResponseProcessor<?> processor) {
        this.processor = processor;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, RejectedRequestException rejection) {
        ErrorContext.Builder context = ErrorContext.builder(request).cause(rejection);
        context.errors(InvalidRequestException.errors(rejection.invalidParams()));
        if (rejection.invalidParams().isEmpty() && rejection.getMessage() != null) {
            context.errorMessage(rejection.getMessage());
        }
        MutableHttpResponse<?> response = HttpResponse.status(rejection.status());
        if (rejection.etag() != null) {
            response.header(HttpHeaders.ETAG, rejection.etag());
        }
        return processor.processResponse(context.build(), response);
    }

}
