package dev.ecsdns.common;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * What every caller of a client that returns {@link CompletableFuture} needs: one way in (a call may fail before it
 * returns a future: an open circuit refuses at once), one way to read a failure (a dependent stage wraps it in a
 * {@link CompletionException}) and, for a caller that must wait, one way to wait that throws the failure itself.
 */
public final class Futures {

    private Futures() {
    }

    /** The call's future; a {@link RuntimeException} thrown before it returns one becomes a failed future. */
    public static <T> CompletableFuture<T> called(Supplier<? extends CompletableFuture<T>> call) {
        try {
            return call.get();
        } catch (RuntimeException refused) {
            return CompletableFuture.failedFuture(refused);
        }
    }

    /** What a future failed with, without the {@link CompletionException} a dependent stage wrapped it in. */
    public static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException wrapped && wrapped.getCause() != null
            ? wrapped.getCause()
            : failure;
    }

    /**
     * Waits for the future: its value, or what it failed with thrown as it is when unchecked (an exception the caller
     * catches by its type), else wrapped once in a {@link CompletionException}.
     */
    public static <T> T await(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException failed) {
            throw unchecked(failed);
        }
    }

    /** {@link #cause} as something a stage can throw: itself when unchecked, else wrapped again. */
    public static RuntimeException unchecked(Throwable failure) {
        Throwable cause = cause(failure);
        return cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
    }
}
