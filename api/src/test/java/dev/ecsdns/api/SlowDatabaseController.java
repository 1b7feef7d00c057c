package dev.ecsdns.api;

import dev.ecsdns.common.Problem;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Put;
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

    /** A stale If-Match ("1") gets database's 412 naming the current ETag; any other version is the current one. */
    @Put("/items/{id}")
    @ExecuteOn(TaskExecutors.BLOCKING)
    HttpResponse<?> replace(String id, @Header(HttpHeaders.IF_MATCH) String ifMatch) throws InterruptedException {
        delay.await();
        long version = Long.parseLong(ifMatch.replace("\"", ""));
        if (version == 1) {
            return HttpResponse.status(HttpStatus.PRECONDITION_FAILED).header(HttpHeaders.ETAG, "\"2\"")
                .contentType(Problem.MEDIA_TYPE).body(new Problem("about:blank", "Precondition Failed", 412,
                    "The item is at ETag \"2\", not the one in If-Match.", null, null));
        }
        Item item = new Item(id, "slow " + id, 1, version + 1, Instant.EPOCH, Instant.EPOCH);
        return HttpResponse.ok(item).header(HttpHeaders.ETAG, "\"" + item.version() + "\"");
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
