package dev.ecsdns.database;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.core.order.Ordered;
import jakarta.inject.Singleton;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedAsyncClientOption;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClientBuilder;

/**
 * Bounds every DynamoDB call and has its answer handled where it arrives, before micronaut-aws-sdk-v2 builds the
 * client.
 * <ul>
 *   <li>Time limits: the SDK's defaults (no call timeout, long connect timeouts) would hold a request for many seconds
 *   when DynamoDB is unreachable; a caller is better served by a prompt 503 it can retry elsewhere.</li>
 *   <li>Completion on the I/O thread: by default the SDK completes each call's future on a thread pool of its own,
 *   one more thread hand-off per call. What this service does with an answer (map it, write the response) never
 *   blocks, so it runs on the HTTP client's I/O thread that read the answer ({@link DynamoDbHttpClient}).</li>
 * </ul>
 * It runs after every other listener of the builder: micronaut-tracing's adds its span interceptor with
 * {@code overrideConfiguration(Consumer)}, which replaces the whole override configuration (timeouts included),
 * while this one keeps what it finds (that interceptor, micronaut-aws-sdk-v2's User-Agent) and adds the limits.
 */
@Singleton
final class DynamoDbClientOptions implements BeanCreatedEventListener<DynamoDbAsyncClientBuilder>, Ordered {

    private final DynamoDbConfiguration configuration;

    DynamoDbClientOptions(DynamoDbConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public DynamoDbAsyncClientBuilder onCreated(BeanCreatedEvent<DynamoDbAsyncClientBuilder> event) {
        DynamoDbAsyncClientBuilder builder = event.getBean();
        // Keep what micronaut-aws-sdk-v2 already set (its User-Agent) and add the limits.
        ClientOverrideConfiguration current = builder.overrideConfiguration();
        builder.overrideConfiguration(current.toBuilder()
            .apiCallTimeout(configuration.apiCallTimeout())
            .apiCallAttemptTimeout(configuration.apiCallAttemptTimeout())
            .retryStrategy(retry -> retry.maxAttempts(configuration.maxAttempts()))
            .build());
        builder.asyncConfiguration(async -> async
            .advancedOption(SdkAdvancedAsyncClientOption.FUTURE_COMPLETION_EXECUTOR, Runnable::run));
        return builder;
    }
}
