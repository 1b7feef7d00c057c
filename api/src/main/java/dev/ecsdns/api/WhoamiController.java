package dev.ecsdns.api;

import dev.ecsdns.common.InstanceIdentity;
import dev.ecsdns.common.Whoami;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * Which api instance answered and which database instance answered it: the way to watch DNS spread the calls.
 */
@Controller("/api/whoami")
@ExecuteOn(TaskExecutors.BLOCKING) // the database client blocks; never on the event loop
class WhoamiController {

    private final DatabaseClient database;
    private final DatabaseAnswers answers;
    private final InstanceIdentity identity;

    WhoamiController(DatabaseClient database, DatabaseAnswers answers, InstanceIdentity identity) {
        this.database = database;
        this.answers = answers;
        this.identity = identity;
    }

    @Get
    Whoami whoami() {
        return identity.whoami(answers.body(database::whoami));
    }
}
