package dev.ecsdns.api;

import dev.ecsdns.common.Problem;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * api whose database URL leads nowhere: callers learn it at once, and api itself stays in service.
 */
class UnreachableDatabaseTest {

    private static EmbeddedServer api;
    private static ApiCalls calls;

    @BeforeAll
    static void start() {
        api = Servers.api(Servers.closedPortUrl());
        calls = new ApiCalls(api);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void answers503WithRetryAfterWithinTwoSeconds() {
        long started = System.nanoTime();

        ApiCalls.Reply reply = calls.get("/api/items");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.header("Retry-After")).isEqualTo("2");
        assertThat(reply.contentType()).isEqualTo(Problem.MEDIA_TYPE);
        assertThat(reply.problem().detail()).isEqualTo("The database service is unavailable; try again shortly.");
    }

    @Test
    void answers503ForACreateAndSaysNothingWasStored() {
        ApiCalls.Reply reply = calls.post("/api/items", "{\"name\":\"a\",\"quantity\":1}");

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.header("Retry-After")).isNotBlank();
    }

    @Test
    void stillRejectsBadInputWith400WhileDatabaseIsDown() {
        ApiCalls.Reply reply = calls.get("/api/items?limit=0");

        assertThat(reply.status()).isEqualTo(400);
    }

    @Test
    void whoamiAnswers503() {
        ApiCalls.Reply reply = calls.get("/api/whoami");

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.contentType()).isEqualTo(Problem.MEDIA_TYPE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/health", "/health/readiness", "/health/liveness"})
    void healthStays200SoTheLoadBalancerKeepsApiInService(String path) {
        ApiCalls.Reply reply = ApiCalls.management(api).get(path);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).contains("\"status\":\"UP\"");
    }
}
