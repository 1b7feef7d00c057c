package dev.ecsdns.database;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.crt.AwsCrtAsyncHttpClient;

/**
 * The HTTP client under the DynamoDB client: the AWS Common Runtime's (native, with its own I/O thread per CPU), which
 * micronaut-aws-sdk-v2 hands to the client builder as the only {@link SdkAsyncHttpClient} bean. Side by side with the
 * SDK's Netty client on the same reads it took 4-9 % less of this service's CPU per read and answered sooner
 * (docs/performance.md). A connection attempt is bounded like an attempt, so an address that does not answer is given
 * up within the attempt timeout.
 */
@Factory
final class DynamoDbHttpClient {

    @Singleton
    @Bean(preDestroy = "close")
    SdkAsyncHttpClient dynamoDbHttpClient(DynamoDbConfiguration configuration) {
        return AwsCrtAsyncHttpClient.builder()
            .connectionTimeout(configuration.apiCallAttemptTimeout())
            .build();
    }
}
