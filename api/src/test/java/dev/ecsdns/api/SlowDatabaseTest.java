package dev.ecsdns.api;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database that answers, but after longer than api waits: after repeated timeouts api stops calling it and fails
 * fast with 503 until a probe answers. (That calls skip a slow address for another one: EjectionsTest and
 * DnsServiceInstanceListTest.)
 */
class SlowDatabaseTest {

    private static final long READ_TIMEOUT_MILLIS = 400;
    private static final long SLOW_MILLIS = 2_000;
    private static final Map<String, Object> FAST_RECOVERY = Map.of(
        "micronaut.http.services.database.read-timeout", READ_TIMEOUT_MILLIS + "ms",
        "downstream.ejection", "1s",
        "downstream.circuit.reset", "500ms");

    private EmbeddedServer slow;
    private EmbeddedServer api;

    @AfterEach
    void stop() {
        for (EmbeddedServer server : new EmbeddedServer[] {api, slow}) {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void failsFastWith503AfterRepeatedTimeoutsInsteadOfWaitingEachTime() {
        slow = slowDatabase(SLOW_MILLIS);
        api = Servers.api(slow.getURL().toString(), FAST_RECOVERY);
        ApiCalls calls = new ApiCalls(api);
        calls.get("/api/items/a");
        calls.get("/api/items/b");
        int reachedDatabase = delay(slow).calls();

        for (int i = 0; i < 5; i++) {
            long started = System.nanoTime();
            ApiCalls.Reply reply = calls.get("/api/items/c" + i);

            assertThat(reply.status()).isEqualTo(503);
            assertThat(reply.header("Retry-After")).isEqualTo("2");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(READ_TIMEOUT_MILLIS / 2));
        }
        assertThat(delay(slow).calls()).as("calls that reached the slow database").isEqualTo(reachedDatabase);
    }

    @Test
    void servesAgainOnceAProbeAnswersInTime() throws InterruptedException {
        slow = slowDatabase(SLOW_MILLIS);
        api = Servers.api(slow.getURL().toString(), FAST_RECOVERY);
        ApiCalls calls = new ApiCalls(api);
        calls.get("/api/items/a");
        calls.get("/api/items/b");
        assertThat(calls.get("/api/items/c").status()).isEqualTo(503);

        delay(slow).set(0);
        long recovered = System.nanoTime();
        int status = 0;
        while (status != 200 && System.nanoTime() - recovered < Duration.ofSeconds(10).toNanos()) {
            Thread.sleep(100);
            status = calls.get("/api/items/d").status();
        }

        assertThat(status).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - recovered)).as("ejection 1 s + circuit reset 0.5 s, twice at most")
            .isLessThan(Duration.ofSeconds(4));
    }

    private static EmbeddedServer slowDatabase(long delayMillis) {
        EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
            "spec.name", SlowDatabaseController.SPEC, "micronaut.server.port", -1,
            "endpoints.all.port", "${free.port}"));
        delay(server).set(delayMillis);
        return server;
    }

    private static SlowDatabaseController.Delay delay(EmbeddedServer server) {
        return server.getApplicationContext().getBean(SlowDatabaseController.Delay.class);
    }
}
