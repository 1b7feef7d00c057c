package dev.ecsdns.database;

import dev.ecsdns.common.Futures;
import dev.ecsdns.database.WriteResult.Outcome;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.ecsdns.common.Futures.await;
import static dev.ecsdns.database.ItemAttributes.ID;
import static dev.ecsdns.database.ItemAttributes.ITEM_TYPE;
import static dev.ecsdns.database.ItemAttributes.NAME;
import static dev.ecsdns.database.ItemAttributes.QUANTITY;
import static dev.ecsdns.database.ItemAttributes.TYPE;
import static dev.ecsdns.database.ItemAttributes.UPDATED_AT;
import static dev.ecsdns.database.ItemAttributes.VERSION;
import static dev.ecsdns.database.ItemAttributes.isItemId;
import static dev.ecsdns.database.ItemAttributes.key;
import static dev.ecsdns.database.ItemAttributes.n;
import static dev.ecsdns.database.ItemAttributes.s;
import static dev.ecsdns.database.ItemAttributes.toItem;

/**
 * Items in one DynamoDB table with the low-level asynchronous client: conditional writes guard every change, reads are
 * strongly consistent so a client reads its own writes, and listing is a filtered Scan (in hash order, not creation
 * order). Reads compose the client's futures and never block; a write, which may take several dependent calls and
 * pauses, waits for each call ({@link Futures#await}: a failed condition is thrown as the SDK's exception), so its caller runs it on a virtual thread.
 */
@Singleton
final class DynamoDbItemRepository implements ItemRepository {

    /** Concurrent first uses of one key can cancel each other's transactions; each retry re-reads the key first. */
    private static final int IDEMPOTENT_CREATE_ATTEMPTS = 10;
    private static final String IS_ITEM = "#type = :item";

    private final DynamoDbAsyncClient dynamo;
    private final String table;
    private final Duration idempotencyKeyTtl;

    DynamoDbItemRepository(DynamoDbAsyncClient dynamo, DynamoDbConfiguration configuration) {
        this.dynamo = dynamo;
        this.table = configuration.tableName();
        this.idempotencyKeyTtl = configuration.idempotencyKeyTtl();
    }

    @Override
    public CompletableFuture<Optional<Item>> find(String id) {
        if (!isItemId(id)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return read(id).thenApply(found -> found.filter(ItemAttributes::isItem).map(ItemAttributes::toItem));
    }

    @Override
    public CompletableFuture<ItemPage> list(int limit, @Nullable String cursor) {
        String startAfter = cursor == null ? null : Cursors.decode(cursor).orElseThrow(
            () -> new IllegalArgumentException("Not a cursor of this service: " + cursor));
        return scanOn(new ArrayList<>(limit), limit, startAfter);
    }

    /**
     * The filter drops idempotency records after DynamoDB counted them against Limit: scan on until the page is full
     * or the table ends.
     */
    private CompletableFuture<ItemPage> scanOn(List<Item> items, int limit, @Nullable String startAfter) {
        return Futures.called(() -> scan(limit - items.size(), startAfter)).thenCompose(scanned -> {
            scanned.items().forEach(attributes -> items.add(toItem(attributes)));
            String next = scanned.lastEvaluatedKey().isEmpty() ? null : scanned.lastEvaluatedKey().get(ID).s();
            return items.size() < limit && next != null
                ? scanOn(items, limit, next)
                : CompletableFuture.completedFuture(new ItemPage(items, Cursors.encode(next)));
        });
    }

    @Override
    public WriteResult create(NewItem request) {
        Item item = newItem(request);
        try {
            await(dynamo.putItem(b -> b.tableName(table).item(ItemAttributes.of(item))
                .conditionExpression("attribute_not_exists(#id)").expressionAttributeNames(names(ID))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
        } catch (ConditionalCheckFailedException taken) {
            // Our own item when the SDK retried a put whose first attempt committed but whose answer was lost;
            // anything else under a fresh UUID would be a collision, which must not pass silently.
            if (!taken.hasItem() || !item.equals(toItem(taken.item()))) {
                throw taken;
            }
        }
        return WriteResult.of(Outcome.DONE, item);
    }

    @Override
    public WriteResult create(NewItem request, String idempotencyKey) {
        for (int attempt = 1; ; attempt++) {
            Item item = newItem(request);
            Instant expiresAt = item.createdAt().plus(idempotencyKeyTtl);
            try {
                // Item and key record commit together or not at all: a key never points at a missing item.
                await(dynamo.transactWriteItems(b -> b.transactItems(
                    putIfAbsent(ItemAttributes.of(item)),
                    putIfAbsent(ItemAttributes.idempotencyRecord(idempotencyKey, request, item, expiresAt)))));
                return WriteResult.of(Outcome.DONE, item);
            } catch (TransactionCanceledException cancelled) {
                // Either the key exists (replay) or a concurrent transaction on it was in flight (retry).
                Optional<Map<String, AttributeValue>> record =
                    await(read(ItemAttributes.IDEMPOTENCY_PREFIX + idempotencyKey));
                if (record.isPresent()) {
                    return replay(record.get(), request);
                }
                if (attempt == IDEMPOTENT_CREATE_ATTEMPTS) {
                    throw cancelled;
                }
                pause(attempt);
            }
        }
    }

    @Override
    public WriteResult update(String id, long expectedVersion, NewItem changes) {
        if (!isItemId(id)) {
            return WriteResult.of(Outcome.NOT_FOUND, null);
        }
        try {
            Map<String, AttributeValue> updated = await(dynamo.updateItem(b -> b.tableName(table).key(key(id))
                .updateExpression("SET #name = :name, #quantity = :quantity, #version = :next, #updatedAt = :now")
                .conditionExpression(IS_ITEM + " AND #version = :expected")
                .expressionAttributeNames(names(TYPE, NAME, QUANTITY, VERSION, UPDATED_AT))
                .expressionAttributeValues(Map.of(
                    ":item", s(ITEM_TYPE),
                    ":expected", n(expectedVersion),
                    ":next", n(expectedVersion + 1),
                    ":name", s(changes.name()),
                    ":quantity", n(changes.quantity()),
                    ":now", s(now().toString())))
                .returnValues(ReturnValue.ALL_NEW)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD))).attributes();
            return WriteResult.of(Outcome.DONE, toItem(updated));
        } catch (ConditionalCheckFailedException failed) {
            return conditionFailed(id, failed);
        }
    }

    @Override
    public WriteResult delete(String id, @Nullable Long expectedVersion) {
        if (!isItemId(id)) {
            return WriteResult.of(Outcome.NOT_FOUND, null);
        }
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":item", s(ITEM_TYPE)));
        if (expectedVersion != null) {
            values.put(":expected", n(expectedVersion));
        }
        try {
            Map<String, AttributeValue> deleted = await(dynamo.deleteItem(b -> b.tableName(table).key(key(id))
                .conditionExpression(expectedVersion == null ? IS_ITEM : IS_ITEM + " AND #version = :expected")
                .expressionAttributeNames(expectedVersion == null ? names(TYPE) : names(TYPE, VERSION))
                .expressionAttributeValues(values)
                .returnValues(ReturnValue.ALL_OLD)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD))).attributes();
            return WriteResult.of(Outcome.DONE, toItem(deleted));
        } catch (ConditionalCheckFailedException failed) {
            return conditionFailed(id, failed);
        }
    }

    private CompletableFuture<Optional<Map<String, AttributeValue>>> read(String id) {
        return Futures.called(() -> dynamo.getItem(b -> b.tableName(table).key(key(id)).consistentRead(true)))
            .thenApply(found -> found.item().isEmpty() ? Optional.empty() : Optional.of(found.item()));
    }

    private CompletableFuture<ScanResponse> scan(int limit, @Nullable String startAfter) {
        return dynamo.scan(b -> b.tableName(table).limit(limit).consistentRead(true)
            .filterExpression(IS_ITEM)
            .expressionAttributeNames(names(TYPE))
            .expressionAttributeValues(Map.of(":item", s(ITEM_TYPE)))
            .exclusiveStartKey(startAfter == null ? null : key(startAfter)));
    }

    private TransactWriteItem putIfAbsent(Map<String, AttributeValue> attributes) {
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(attributes)
            .conditionExpression("attribute_not_exists(#id)").expressionAttributeNames(names(ID))).build();
    }

    private WriteResult replay(Map<String, AttributeValue> record, NewItem request) {
        if (!ItemAttributes.requestOf(record).equals(request)) {
            return WriteResult.of(Outcome.KEY_REUSED, null);
        }
        return await(find(record.get(ItemAttributes.ITEM_ID).s()))
            .map(item -> WriteResult.of(Outcome.REPLAYED, item))
            .orElseGet(() -> WriteResult.of(Outcome.KEY_ITEM_DELETED, null));
    }

    /** A failed condition means no item, or an item at another version: ALL_OLD tells which without another read. */
    private WriteResult conditionFailed(String id, ConditionalCheckFailedException failed) {
        Optional<Item> current = failed.hasItem() && ItemAttributes.isItem(failed.item())
            ? Optional.of(toItem(failed.item()))
            : await(find(id));
        return current.map(item -> WriteResult.of(Outcome.VERSION_MISMATCH, item))
            .orElseGet(() -> WriteResult.of(Outcome.NOT_FOUND, null));
    }

    private static Item newItem(NewItem request) {
        Instant now = now();
        return new Item(UUID.randomUUID().toString(), request.name(), request.quantity(), 1, now, now);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Expression attribute names for {@code attributes}, as {@code #name}: DynamoDB rejects unused ones. */
    private static Map<String, String> names(String... attributes) {
        return Arrays.stream(attributes).collect(Collectors.toMap(a -> "#" + a, Function.identity()));
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while retrying an idempotent create", e);
        }
    }
}
