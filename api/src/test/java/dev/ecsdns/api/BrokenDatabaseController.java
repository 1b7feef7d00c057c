package dev.ecsdns.api;

import dev.ecsdns.common.Problem;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * A database that fails in the ways a real one does: a 500 on every call, except two items that show other faults.
 */
@Requires(property = "spec.name", value = BrokenDatabaseController.SPEC)
@Controller
class BrokenDatabaseController {

    static final String SPEC = "BrokenDatabase";
    /** An item database takes longer to read than api waits. */
    static final String SLOW_ITEM = "slow";
    /** An item database answers with a status its contract never uses (it asks no one for credentials). */
    static final String ODD_ITEM = "odd";
    static final long SLOW_MILLIS = 2_000;

    @Get("/items/" + SLOW_ITEM)
    @ExecuteOn(TaskExecutors.BLOCKING)
    HttpResponse<?> slow() throws InterruptedException {
        Thread.sleep(SLOW_MILLIS);
        return failure(HttpStatus.INTERNAL_SERVER_ERROR);
    }

    @Get("/items/" + ODD_ITEM)
    HttpResponse<?> odd() {
        return failure(HttpStatus.UNAUTHORIZED);
    }

    @Get("/{+path}")
    HttpResponse<?> anything(String path) {
        return failure(HttpStatus.INTERNAL_SERVER_ERROR);
    }

    private static HttpResponse<Problem> failure(HttpStatus status) {
        return HttpResponse.<Problem>status(status).contentType(Problem.MEDIA_TYPE)
            .body(new Problem("about:blank", status.getReason(), status.getCode(), "fault injected by the test", null, null));
    }
}
