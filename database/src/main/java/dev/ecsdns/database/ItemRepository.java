package dev.ecsdns.database;

import io.micronaut.core.annotation.Nullable;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Item storage. Every write is conditional, so two concurrent writers never both succeed on the same version.
 * Reads answer with a future and never block their caller; writes block until they are done.
 */
interface ItemRepository {

    CompletableFuture<Optional<Item>> find(String id);

    /**
     * @param limit  at most this many items
     * @param cursor null for the first page, else a {@link ItemPage#next()} that {@link Cursors#decode} accepts
     */
    CompletableFuture<ItemPage> list(int limit, @Nullable String cursor);

    /** Stores a new item at version 1: outcome DONE. */
    WriteResult create(NewItem item);

    /**
     * Stores a new item once per key: the first call stores it (DONE), later calls with the same body find it
     * (REPLAYED) and never store a second one, also when they run concurrently.
     */
    WriteResult create(NewItem item, String idempotencyKey);

    /** Replaces name and quantity if the item is at {@code expectedVersion}; the version grows by one. */
    WriteResult update(String id, long expectedVersion, NewItem changes);

    /** Deletes the item, if {@code expectedVersion} is not null only at that version. */
    WriteResult delete(String id, @Nullable Long expectedVersion);
}
