package dev.ecsdns.api;

import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
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
        ApiCalls calls = timedOutTwice();
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
        ApiCalls calls = timedOutTwice();
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

    @Test
    void aLateAnswerIsNeverTakenForTheNextCall() throws InterruptedException {
        slow = slowDatabase(READ_TIMEOUT_MILLIS * 2);
        api = Servers.api(slow.getURL().toString(), FAST_RECOVERY);
        ApiCalls calls = new ApiCalls(api);
        assertThat(calls.get("/api/items/late").status()).isEqualTo(503);

        delay(slow).set(0);
        Thread.sleep(READ_TIMEOUT_MILLIS * 2); // database has sent its late answer by now
        ApiCalls.Reply next = calls.get("/api/items/next");

        assertThat(next.status()).isEqualTo(200);
        assertThat(next.as(Item.class).id()).as("the item the call asked for").isEqualTo("next");
    }

    /**
     * Micronaut's circuit breaker, half open, re-opens on whatever the first call throws and then answers every call
     * with that same exception: a database's 412 for one item would be every caller's answer until the next reset.
     */
    @Test
    void aRejectionAnsweredWhileTheCircuitRecoversIsThatCallsAlone() throws InterruptedException {
        ApiCalls calls = timedOutTwice();
        assertThat(put(calls, "c", "\"3\"").status()).as("slow address: the circuit opens").isEqualTo(503);

        delay(slow).set(0);
        Thread.sleep(1_200); // past the circuit's reset (0.5 s) and the slow address's period (1 s): one probe goes
        ApiCalls.Reply stale = put(calls, "d", "\"1\"");
        ApiCalls.Reply current = put(calls, "e", "\"3\"");

        assertThat(stale.status()).isEqualTo(412);
        assertThat(current.status()).as("the next call's own answer").isEqualTo(200);
        assertThat(current.header("ETag")).isEqualTo("\"4\"");
        assertThat(current.as(Item.class).id()).isEqualTo("e");
    }

    /** api in front of a database slower than its read timeout, after two calls that timed out: the address is slow. */
    private ApiCalls timedOutTwice() {
        slow = slowDatabase(SLOW_MILLIS);
        api = Servers.api(slow.getURL().toString(), FAST_RECOVERY);
        ApiCalls calls = new ApiCalls(api);
        calls.get("/api/items/a");
        calls.get("/api/items/b");
        return calls;
    }

    private static ApiCalls.Reply put(ApiCalls calls, String id, String ifMatch) {
        return calls.send(HttpRequest.PUT("/api/items/" + id, "{\"name\":\"n\",\"quantity\":1}")
            .contentType(MediaType.APPLICATION_JSON).header(HttpHeaders.IF_MATCH, ifMatch));
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
