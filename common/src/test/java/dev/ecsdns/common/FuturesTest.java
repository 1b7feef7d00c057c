package dev.ecsdns.common;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FuturesTest {

    @Test
    void aCallThatThrowsBeforeReturningAFutureGivesAFailedOne() {
        IllegalStateException open = new IllegalStateException("circuit open");

        CompletableFuture<String> called = Futures.called(() -> {
            throw open;
        });

        assertTrue(called.isCompletedExceptionally());
        assertSame(open, called.handle((value, failure) -> failure).join());
    }

    @Test
    void aCallThatReturnsAFutureGivesThatFuture() {
        CompletableFuture<String> sent = new CompletableFuture<>();

        assertSame(sent, Futures.called(() -> sent));
    }

    @Test
    void theCauseIsWhatTheFirstStageFailedWithHoweverManyStagesFollow() {
        IllegalArgumentException first = new IllegalArgumentException("refused");
        CompletableFuture<String> chained = CompletableFuture.<String>failedFuture(first)
            .thenApply(String::trim).thenApply(String::strip);

        Throwable seen = chained.handle((value, failure) -> failure).join();

        assertTrue(seen instanceof CompletionException);
        assertSame(first, Futures.cause(seen));
        assertSame(first, Futures.unchecked(seen));
        assertSame(first, Futures.cause(first));
    }

    @Test
    void aCheckedCauseIsWrappedOnceToBeThrownAgain() {
        IOException reset = new IOException("reset");
        CompletionException wrapped = new CompletionException(reset);

        RuntimeException thrown = Futures.unchecked(wrapped);

        assertTrue(thrown instanceof CompletionException);
        assertSame(reset, thrown.getCause());
    }

    @Test
    void awaitingGivesTheValueOrThrowsTheFailureItself() {
        IllegalStateException conflict = new IllegalStateException("condition failed");
        CompletableFuture<String> failedLater = CompletableFuture.<String>failedFuture(conflict).thenApply(String::trim);
        IOException reset = new IOException("reset");

        assertEquals("apple", Futures.await(CompletableFuture.completedFuture("apple")));
        assertSame(conflict, assertThrows(IllegalStateException.class, () -> Futures.await(failedLater)));
        assertSame(reset, assertThrows(CompletionException.class,
            () -> Futures.await(CompletableFuture.failedFuture(reset))).getCause());
    }

    @Test
    void noFailureHasNoCause() {
        assertNull(Futures.cause(null));
    }
}
