package dev.ecsdns.database;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import java.time.Duration;

/**
 * Where the items live and how long a DynamoDB call may take. Region, credentials and endpoint come from the SDK's
 * standard sources (AWS_REGION, the default credentials chain, AWS_ENDPOINT_URL_DYNAMODB), not from here.
 *
 * @param tableName             the table, partition key {@code id} (S)
 * @param createTable           create the table at startup when it is missing: for DynamoDB Local, never on AWS
 * @param apiCallTimeout        the most one call may take, retries included: callers get a 503 by then
 * @param apiCallAttemptTimeout the most one attempt may take before the SDK retries it
 * @param maxAttempts           attempts per call, the first one included
 * @param healthTimeout         the most the readiness check waits for DescribeTable
 * @param healthCacheTtl        how long a readiness answer is reused, so frequent probes cost one call
 * @param idempotencyKeyTtl     how long an Idempotency-Key is remembered at least (DynamoDB TTL removes it later)
 */
@ConfigurationProperties("dynamodb")
record DynamoDbConfiguration(
    @Bindable(defaultValue = "items") @NotBlank String tableName,
    @Bindable(defaultValue = "false") boolean createTable,
    @Bindable(defaultValue = "2s") Duration apiCallTimeout,
    @Bindable(defaultValue = "1s") Duration apiCallAttemptTimeout,
    @Bindable(defaultValue = "3") @Min(1) int maxAttempts,
    @Bindable(defaultValue = "1s") Duration healthTimeout,
    @Bindable(defaultValue = "5s") Duration healthCacheTtl,
    @Bindable(defaultValue = "24h") Duration idempotencyKeyTtl) {
}
