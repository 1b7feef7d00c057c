package dev.ecsdns.database;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.time.Duration;
import java.time.Instant;

import static dev.ecsdns.common.Futures.await;

/**
 * Creates the items table at startup, for DynamoDB Local; on AWS the infrastructure owns the table and this stays
 * off. Startup (and so the port) waits until the table is active: the first request never meets a missing table.
 */
@Singleton
@Requires(property = "dynamodb.create-table", value = "true")
final class ItemsTableCreator implements ApplicationEventListener<StartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(ItemsTableCreator.class);
    /** Under compose DynamoDB Local may still be starting: keep trying this long before failing startup. */
    private static final Duration WAIT_FOR_DYNAMODB = Duration.ofSeconds(30);

    private final DynamoDbAsyncClient dynamo;
    private final String table;

    ItemsTableCreator(DynamoDbAsyncClient dynamo, DynamoDbConfiguration configuration) {
        this.dynamo = dynamo;
        this.table = configuration.tableName();
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        Instant deadline = Instant.now().plus(WAIT_FOR_DYNAMODB);
        while (true) {
            try {
                createIfMissing();
                return;
            } catch (SdkClientException unreachable) {
                if (Instant.now().isAfter(deadline)) {
                    throw unreachable;
                }
                LOG.info("DynamoDB is not reachable yet ({}); retrying", unreachable.getMessage());
                pause();
            }
        }
    }

    private void createIfMissing() {
        try {
            await(dynamo.describeTable(b -> b.tableName(table)));
            LOG.info("Table {} exists", table);
            return;
        } catch (ResourceNotFoundException missing) {
            LOG.info("Creating table {}", table);
        }
        try {
            await(dynamo.createTable(b -> b.tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName(ItemAttributes.ID).attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName(ItemAttributes.ID).keyType(KeyType.HASH))));
        } catch (ResourceInUseException raced) {
            LOG.info("Table {} is being created by another instance", table);
            await(dynamo.waiter().waitUntilTableExists(b -> b.tableName(table)));
            return;
        }
        await(dynamo.waiter().waitUntilTableExists(b -> b.tableName(table)));
        // Idempotency records carry an expiry time; DynamoDB deletes them some time after it passes.
        await(dynamo.updateTimeToLive(b -> b.tableName(table)
            .timeToLiveSpecification(t -> t.attributeName(ItemAttributes.EXPIRES_AT).enabled(true))));
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for DynamoDB", e);
        }
    }
}
