package dev.ecsdns.common;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.retry.exception.CircuitOpenException;
import jakarta.inject.Singleton;

/**
 * While a downstream's circuit is open, callers get a 503 at once instead of waiting on a connect that will fail.
 */
@Produces
@Singleton
final class CircuitOpenHandler implements ExceptionHandler<CircuitOpenException, HttpResponse<?>> {

    private final ErrorResponseProcessor<?> processor;
    private final String retryAfter;

    CircuitOpenHandler(ErrorResponseProcessor<?> processor, @Value("${downstream.retry-after:2}") String retryAfter) {
        this.processor = processor;
        this.retryAfter = retryAfter;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, CircuitOpenException exception) {
        return processor.processResponse(
            ErrorContext.builder(request).cause(exception)
                .errorMessage("A downstream service is failing; this service stopped calling it for a moment. Try again shortly.")
                .build(),
            HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, retryAfter));
    }
}
