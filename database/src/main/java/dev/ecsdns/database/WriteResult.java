package dev.ecsdns.database;

import io.micronaut.core.annotation.Nullable;

/**
 * What a conditional write did. {@code item} is the stored item after the write, or the one that made the
 * condition fail; it is null when there is none.
 */
record WriteResult(Outcome outcome, @Nullable Item item) {

    enum Outcome {
        /** The write happened. */
        DONE,
        /** The Idempotency-Key was seen before with the same body: nothing was written, the earlier item stands. */
        REPLAYED,
        /** The Idempotency-Key was seen before with a different body. */
        KEY_REUSED,
        /** The Idempotency-Key was seen before, but the item it created has been deleted since. */
        KEY_ITEM_DELETED,
        /** No item with that id. */
        NOT_FOUND,
        /** The item exists at another version than the client expected. */
        VERSION_MISMATCH
    }

    static WriteResult of(Outcome outcome, @Nullable Item item) {
        return new WriteResult(outcome, item);
    }
}
