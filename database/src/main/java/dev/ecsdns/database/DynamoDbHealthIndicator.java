package dev.ecsdns.database;

import dev.ecsdns.common.Futures;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Readiness only (never liveness): an instance that cannot reach DynamoDB should get no traffic, but restarting it
 * would not bring DynamoDB back. One DescribeTable answers all probes for a few seconds.
 */
@Singleton
@Readiness
final class DynamoDbHealthIndicator implements HealthIndicator {

    private static final String NAME = "dynamodb";

    private final DynamoDbAsyncClient dynamo;
    private final DynamoDbConfiguration configuration;
    private Checked last;

    DynamoDbHealthIndicator(DynamoDbAsyncClient dynamo, DynamoDbConfiguration configuration) {
        this.dynamo = dynamo;
        this.configuration = configuration;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Publishers.fromCompletableFuture(this::result);
    }

    /** The last check while it is fresh, the one in flight included: probes at once share one DescribeTable. */
    private synchronized CompletableFuture<HealthResult> result() {
        long now = System.nanoTime();
        if (last == null || now - last.at() > configuration.healthCacheTtl().toNanos()) {
            last = new Checked(check(), now);
        }
        return last.result();
    }

    private CompletableFuture<HealthResult> check() {
        String table = configuration.tableName();
        Duration timeout = configuration.healthTimeout();
        return Futures.called(() -> dynamo.describeTable(b -> b.tableName(table)
            .overrideConfiguration(o -> o.apiCallTimeout(timeout)))).handle((described, failure) -> {
                if (failure == null) {
                    TableStatus status = described.table().tableStatus();
                    boolean usable = status == TableStatus.ACTIVE || status == TableStatus.UPDATING;
                    return HealthResult.builder(NAME, usable ? HealthStatus.UP : HealthStatus.DOWN)
                        .details(Map.of("table", table, "tableStatus", status.toString()))
                        .build();
                }
                if (!(Futures.cause(failure) instanceof SdkException e)) {
                    throw Futures.unchecked(failure);
                }
                // The exception's class says enough; its message would show internal addresses to anonymous callers.
                return HealthResult.builder(NAME, HealthStatus.DOWN)
                    .details(Map.of("table", table, "error", e.getClass().getSimpleName()))
                    .build();
            });
    }

    private record Checked(CompletableFuture<HealthResult> result, long at) {
    }
}
