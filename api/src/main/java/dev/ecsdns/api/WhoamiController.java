package dev.ecsdns.api;

import dev.ecsdns.common.InstanceIdentity;
import dev.ecsdns.common.Whoami;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

import java.util.concurrent.CompletableFuture;

/**
 * Which api instance answered and which database instance answered it: the way to watch DNS spread the calls.
 */
@Controller("/api/whoami")
class WhoamiController {

    private final DatabaseClient database;
    private final DatabaseAnswers answers;
    private final InstanceIdentity identity;

    WhoamiController(DatabaseClient database, DatabaseAnswers answers, InstanceIdentity identity) {
        this.database = database;
        this.answers = answers;
        this.identity = identity;
    }

    /** Runs on the event loop: the call to database does not block (see {@link DatabaseAnswers#body}). */
    @Get
    CompletableFuture<Whoami> whoami() {
        return answers.body(database::whoami).thenApply(identity::whoami);
    }
}
