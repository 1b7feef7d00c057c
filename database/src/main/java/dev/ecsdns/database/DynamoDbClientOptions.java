package dev.ecsdns.database;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.core.order.Ordered;
import jakarta.inject.Singleton;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Bounds every DynamoDB call before micronaut-aws-sdk-v2 builds the client. The SDK's defaults (no call timeout,
 * long connect timeouts) would hold a request for many seconds when DynamoDB is unreachable; a caller is better
 * served by a prompt 503 it can retry elsewhere.
 * <p>
 * It runs after every other listener of the builder: micronaut-tracing's adds its span interceptor with
 * {@code overrideConfiguration(Consumer)}, which replaces the whole override configuration (timeouts included),
 * while this one keeps what it finds (that interceptor, micronaut-aws-sdk-v2's User-Agent) and adds the limits.
 */
@Singleton
final class DynamoDbClientTimeouts implements BeanCreatedEventListener<DynamoDbClientBuilder>, Ordered {

    private final DynamoDbConfiguration configuration;

    DynamoDbClientTimeouts(DynamoDbConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public DynamoDbClientBuilder onCreated(BeanCreatedEvent<DynamoDbClientBuilder> event) {
        DynamoDbClientBuilder builder = event.getBean();
        // Keep what micronaut-aws-sdk-v2 already set (its User-Agent) and add the limits.
        ClientOverrideConfiguration current = builder.overrideConfiguration();
        builder.overrideConfiguration(current.toBuilder()
            .apiCallTimeout(configuration.apiCallTimeout())
            .apiCallAttemptTimeout(configuration.apiCallAttemptTimeout())
            .retryStrategy(retry -> retry.maxAttempts(configuration.maxAttempts()))
            .build());
        return builder;
    }
}
