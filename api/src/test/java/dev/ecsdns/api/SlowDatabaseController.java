package dev.ecsdns.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A database that answers correctly, after a delay the test sets: slow, not dead. It counts the calls that reach it.
 */
@Requires(property = "spec.name", value = SlowDatabaseController.SPEC)
@Controller
class SlowDatabaseController {

    static final String SPEC = "SlowDatabase";

    private final Delay delay;

    SlowDatabaseController(Delay delay) {
        this.delay = delay;
    }

    @Get("/items/{id}")
    @ExecuteOn(TaskExecutors.BLOCKING)
    Item find(String id) throws InterruptedException {
        delay.await();
        return new Item(id, "slow " + id, 1, 1, Instant.EPOCH, Instant.EPOCH);
    }

    /** How long every answer waits, and how many calls arrived. */
    @Singleton
    @Requires(property = "spec.name", value = SlowDatabaseController.SPEC)
    static final class Delay {
        private final AtomicLong millis = new AtomicLong();
        private final AtomicInteger calls = new AtomicInteger();

        void set(long delayMillis) {
            millis.set(delayMillis);
        }

        int calls() {
            return calls.get();
        }

        private void await() throws InterruptedException {
            calls.incrementAndGet();
            Thread.sleep(millis.get());
        }
    }
}
