package dev.ecsdns.database;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * DynamoDB unreachable, slow, throttling, failing or without our table: 503 with Retry-After, since another try
 * (or another instance) may well succeed. Any other DynamoDB error is a fault of this service: 500, logged.
 */
@Produces
@Singleton
final class DynamoDbUnavailableHandler implements ExceptionHandler<SdkException, HttpResponse<?>> {

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbUnavailableHandler.class);

    private final ErrorResponseProcessor<?> processor;
    private final String retryAfter;

    DynamoDbUnavailableHandler(ErrorResponseProcessor<?> processor,
                               @Value("${downstream.retry-after:2}") String retryAfter) {
        this.processor = processor;
        this.retryAfter = retryAfter;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, SdkException exception) {
        if (!isTransient(exception)) {
            LOG.error("{} {}: DynamoDB rejected the call", request.getMethodName(), request.getPath(), exception);
            return processor.processResponse(ErrorContext.builder(request).cause(exception).build(),
                HttpResponse.serverError());
        }
        LOG.warn("{} {}: DynamoDB unavailable: {}", request.getMethodName(), request.getPath(), exception.toString());
        return processor.processResponse(
            ErrorContext.builder(request).cause(exception)
                .errorMessage("The item store is unavailable; try again shortly.")
                .build(),
            HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, retryAfter));
    }

    private static boolean isTransient(SdkException exception) {
        if (!(exception instanceof AwsServiceException service)) {
            return true; // no answer at all: connection refused, timeout, no credentials
        }
        return service.isThrottlingException()
            || service.statusCode() >= 500
            || service instanceof ResourceNotFoundException
            || service instanceof TransactionCanceledException;
    }
}
