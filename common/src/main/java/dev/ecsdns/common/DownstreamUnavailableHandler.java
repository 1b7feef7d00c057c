package dev.ecsdns.common;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A downstream service that refuses, times out, answers 5xx or sits behind an open circuit: 503 with Retry-After.
 * A downstream answer this service did not expect (an unmapped 4xx) is our fault towards the client: 502.
 */
@Produces
@Singleton
final class DownstreamUnavailableHandler implements ExceptionHandler<HttpClientException, HttpResponse<?>> {

    private static final Logger LOG = LoggerFactory.getLogger(DownstreamUnavailableHandler.class);

    private final ErrorResponseProcessor<?> processor;
    private final String retryAfter;

    DownstreamUnavailableHandler(ErrorResponseProcessor<?> processor,
                                 @Value("${downstream.retry-after:2}") String retryAfter) {
        this.processor = processor;
        this.retryAfter = retryAfter;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, HttpClientException exception) {
        String service = exception.getServiceId() == null ? "downstream" : exception.getServiceId();
        boolean unexpectedAnswer = exception instanceof HttpClientResponseException answer && answer.getStatus().getCode() < 500;
        LOG.warn("{} {}: {} failed: {}", request.getMethodName(), request.getPath(), service, exception.toString());
        MutableHttpResponse<?> response = HttpResponse.status(unexpectedAnswer ? HttpStatus.BAD_GATEWAY : HttpStatus.SERVICE_UNAVAILABLE);
        String detail = unexpectedAnswer
            ? "The " + service + " service gave an answer this service does not understand."
            : "The " + service + " service is unavailable; try again shortly.";
        if (!unexpectedAnswer) {
            response.header(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        return processor.processResponse(ErrorContext.builder(request).cause(exception).errorMessage(detail).build(), response);
    }
}
