package dev.ecsdns.database;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The DynamoDB client carries both the tracing interceptor (a span per call) and this service's time limits: the
 * two listeners that configure its builder must not undo each other.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DynamoDbClientTracingTest implements TestPropertyProvider {

    @Inject
    DynamoDbAsyncClient dynamo;

    @Override
    public Map<String, String> getProperties() {
        DynamoDbLocal.start();
        return DynamoDbLocal.tableProperties("tracing-test");
    }

    @Test
    void makesASpanPerCallAndStillGivesUpAfterTheConfiguredTimes() {
        ClientOverrideConfiguration configuration = dynamo.serviceClientConfiguration().overrideConfiguration();

        assertThat(configuration.executionInterceptors()).extracting(interceptor -> interceptor.getClass().getName())
            .anyMatch(name -> name.startsWith("io.opentelemetry.instrumentation.awssdk"));
        assertThat(configuration.apiCallTimeout()).contains(Duration.ofSeconds(2));
        assertThat(configuration.apiCallAttemptTimeout()).contains(Duration.ofSeconds(1));
    }
}
