package dev.ecsdns.api;

import dev.ecsdns.common.Problem;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * api in front of a database that answers, but badly: a failure is never passed on as if it were the client's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrokenDatabaseTest {

    /** Shorter than the fake's delay, so a slow read times out; production keeps 3 s. */
    private static final Duration READ_TIMEOUT = Duration.ofMillis(500);

    private EmbeddedServer database;
    private EmbeddedServer api;
    private ApiCalls calls;

    @BeforeAll
    void start() {
        database = Servers.brokenDatabase();
        api = Servers.api(database.getURL().toString(),
            Map.of("micronaut.http.services.database.read-timeout", READ_TIMEOUT.toMillis() + "ms"));
        calls = new ApiCalls(api);
    }

    @AfterAll
    void stop() {
        api.close();
        database.close();
    }

    @Test
    void answers503WithRetryAfterWhenDatabaseAnswers500() {
        ApiCalls.Reply reply = calls.get("/api/items");

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.header("Retry-After")).isEqualTo("2");
        assertThat(reply.contentType()).isEqualTo(Problem.MEDIA_TYPE);
        assertThat(reply.body()).as("database's own words stay inside").doesNotContain("fault injected");
    }

    @Test
    void answers503WhenDatabaseIsTooSlow() {
        long started = System.nanoTime();

        ApiCalls.Reply reply = calls.get("/api/items/" + BrokenDatabaseController.SLOW_ITEM);

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.header("Retry-After")).isEqualTo("2");
        assertThat(Duration.ofNanos(System.nanoTime() - started))
            .isLessThan(Duration.ofMillis(BrokenDatabaseController.SLOW_MILLIS));
    }

    @Test
    void answers502WhenDatabaseAnswersAStatusOutsideItsContract() {
        ApiCalls.Reply reply = calls.get("/api/items/" + BrokenDatabaseController.ODD_ITEM);

        assertThat(reply.status()).isEqualTo(502);
        assertThat(reply.contentType()).isEqualTo(Problem.MEDIA_TYPE);
    }

    @Test
    void whoamiAnswers503WhenDatabaseAnswers500() {
        ApiCalls.Reply reply = calls.get("/api/whoami");

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.header("Retry-After")).isEqualTo("2");
    }
}
