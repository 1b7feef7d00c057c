package dev.ecsdns.database;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Readiness only (never liveness): an instance that cannot reach DynamoDB should get no traffic, but restarting it
 * would not bring DynamoDB back. One DescribeTable answers all probes for a few seconds.
 */
@Singleton
@Readiness
final class DynamoDbHealthIndicator implements HealthIndicator {

    private static final String NAME = "dynamodb";

    private final DynamoDbClient dynamo;
    private final DynamoDbConfiguration configuration;
    private final ExecutorService blocking;
    private Checked last;

    DynamoDbHealthIndicator(DynamoDbClient dynamo, DynamoDbConfiguration configuration,
                            @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.dynamo = dynamo;
        this.configuration = configuration;
        this.blocking = blocking;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Publishers.fromCompletableFuture(() -> CompletableFuture.supplyAsync(this::result, blocking));
    }

    private synchronized HealthResult result() {
        long now = System.nanoTime();
        if (last == null || now - last.at() > configuration.healthCacheTtl().toNanos()) {
            last = new Checked(check(), now);
        }
        return last.result();
    }

    private HealthResult check() {
        String table = configuration.tableName();
        Duration timeout = configuration.healthTimeout();
        try {
            TableStatus status = dynamo.describeTable(b -> b.tableName(table)
                .overrideConfiguration(o -> o.apiCallTimeout(timeout))).table().tableStatus();
            boolean usable = status == TableStatus.ACTIVE || status == TableStatus.UPDATING;
            return HealthResult.builder(NAME, usable ? HealthStatus.UP : HealthStatus.DOWN)
                .details(Map.of("table", table, "tableStatus", status.toString()))
                .build();
        } catch (SdkException e) {
            // The exception's class says enough; its message would show internal addresses to anonymous callers.
            return HealthResult.builder(NAME, HealthStatus.DOWN)
                .details(Map.of("table", table, "error", e.getClass().getSimpleName()))
                .build();
        }
    }

    private record Checked(HealthResult result, long at) {
    }
}
