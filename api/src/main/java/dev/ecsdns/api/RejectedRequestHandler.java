package dev.ecsdns.api;

import dev.ecsdns.common.Problem;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * Answers a rejected request with problem+json through the shared processor, so api's own 400s and the rejections it
 * passes on from database look exactly like every other error, with {@code instance} naming the api URL called.
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
        rejection.invalidParams().forEach(param -> context.error(new InvalidParamError(param)));
        if (rejection.invalidParams().isEmpty() && rejection.getMessage() != null) {
            context.errorMessage(rejection.getMessage());
        }
        MutableHttpResponse<?> response = HttpResponse.status(rejection.status());
        if (rejection.etag() != null) {
            response.header(HttpHeaders.ETAG, rejection.etag());
        }
        return processor.processResponse(context.build(), response);
    }

    /** One invalid field or header, in the form the processor lists under invalid-params. */
    private record InvalidParamError(Problem.InvalidParam param) implements Error {

        @Override
        public Optional<String> getPath() {
            return Optional.of(param.name());
        }

        @Override
        public String getMessage() {
            return param.reason();
        }
    }
}
