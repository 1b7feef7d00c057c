package dev.ecsdns.database;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Duration;
import java.util.HashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Failures real DynamoDB produces and DynamoDB Local does not, played by a scripted client: transactions on one
 * Idempotency-Key cancelling each other (DynamoDB Local serialises them), and the SDK retrying a write whose first
 * attempt committed but whose answer was lost.
 */
class RetriedWritesTest {

    private static final DynamoDbConfiguration CONFIGURATION = new DynamoDbConfiguration(
        "items", false, Duration.ofSeconds(2), Duration.ofSeconds(1), 3, Duration.ofSeconds(1), Duration.ofSeconds(5),
        Duration.ofHours(24));
    private static final NewItem APPLE = new NewItem("apple", 1);

    @Test
    void idempotentCreateRetriesATransactionCancelledByAConflictUntilItCommits() {
        ConflictingTransactions dynamo = new ConflictingTransactions(2);

        WriteResult result = new DynamoDbItemRepository(dynamo, CONFIGURATION).create(APPLE, "key-1");

        assertThat(result.outcome()).isEqualTo(WriteResult.Outcome.DONE);
        assertThat(dynamo.transactions.get()).isEqualTo(3);
    }

    @Test
    void idempotentCreateGivesUpAfterTenConflictsSoTheCallerGetsA503() {
        ConflictingTransactions dynamo = new ConflictingTransactions(Integer.MAX_VALUE);

        assertThatThrownBy(() -> new DynamoDbItemRepository(dynamo, CONFIGURATION).create(APPLE, "key-1"))
            .isInstanceOf(TransactionCanceledException.class);
        assertThat(dynamo.transactions.get()).isEqualTo(10);
    }

    @Test
    void createTakesItsOwnItemFoundByARetriedPutAsCreated() {
        WriteResult result = new DynamoDbItemRepository(new PutAlreadyCommitted(false), CONFIGURATION).create(APPLE);

        assertThat(result.outcome()).isEqualTo(WriteResult.Outcome.DONE);
        assertThat(result.item().name()).isEqualTo("apple");
    }

    @Test
    void createNeverOverwritesAnotherItemUnderTheSameId() {
        DynamoDbItemRepository repository = new DynamoDbItemRepository(new PutAlreadyCommitted(true), CONFIGURATION);

        assertThatThrownBy(() -> repository.create(APPLE)).isInstanceOf(ConditionalCheckFailedException.class);
    }

    /** Cancels the first {@code conflicts} transactions as conflicting; the key record never shows up meanwhile. */
    private static final class ConflictingTransactions extends ScriptedClient {

        private final int conflicts;
        private final AtomicInteger transactions = new AtomicInteger();

        ConflictingTransactions(int conflicts) {
            this.conflicts = conflicts;
        }

        @Override
        public CompletableFuture<TransactWriteItemsResponse> transactWriteItems(TransactWriteItemsRequest request) {
            if (transactions.incrementAndGet() <= conflicts) {
                CancellationReason conflict = CancellationReason.builder().code("TransactionConflict").build();
                return CompletableFuture.failedFuture(TransactionCanceledException.builder()
                    .message("Transaction cancelled").cancellationReasons(conflict, conflict).build());
            }
            return CompletableFuture.completedFuture(TransactWriteItemsResponse.builder().build());
        }

        @Override
        public CompletableFuture<GetItemResponse> getItem(GetItemRequest request) {
            return CompletableFuture.completedFuture(GetItemResponse.builder().build());
        }
    }

    /** Fails every put's condition, showing the put item itself (a lost answer) or a different one (a collision). */
    private static final class PutAlreadyCommitted extends ScriptedClient {

        private final boolean someoneElses;

        PutAlreadyCommitted(boolean someoneElses) {
            this.someoneElses = someoneElses;
        }

        @Override
        public CompletableFuture<PutItemResponse> putItem(PutItemRequest request) {
            var stored = new HashMap<>(request.item());
            if (someoneElses) {
                stored.put(ItemAttributes.NAME, ItemAttributes.s("pear"));
            }
            return CompletableFuture.failedFuture(ConditionalCheckFailedException.builder()
                .message("The conditional request failed").item(stored).build());
        }
    }

    private abstract static class ScriptedClient implements DynamoDbAsyncClient {

        @Override
        public String serviceName() {
            return "dynamodb";
        }

        @Override
        public void close() {
        }
    }
}
