package dev.ecsdns.common;

import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The traffic port serves at most max-in-flight requests at once; one more gets a fast 503 problem+json with
 * Retry-After, while the management port keeps answering; once the held requests finish, service is normal again.
 */
@MicronautTest
@Property(name = "spec.name", value = "LoadSheddingTest")
@Property(name = "micronaut.application.name", value = "shedding")
@Property(name = "load-shedding.max-in-flight", value = "3")
@Property(name = "endpoints.health.enabled", value = "true")
@Property(name = "endpoints.health.sensitive", value = "false")
@Property(name = ManagementPort.PROPERTY, value = "${free.port}")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoadSheddingTest {

    private static final int MAX_IN_FLIGHT = 3;

    @Inject
    EmbeddedServer server;
    @Inject
    Gate gate;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** What this test held: the next test starts once they are answered, or they would still count as in flight. */
    private final List<CompletableFuture<HttpResponse<String>>> heldByThisTest = new ArrayList<>();

    @AfterEach
    void releaseHeldRequests() throws Exception {
        gate.open();
        // Once released, every held request gets an answer (an error included) within the timeout, or this fails.
        CompletableFuture.allOf(heldByThisTest.stream().map(request -> request.handle((response, error) -> null))
            .toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        heldByThisTest.clear();
    }

    @Test
    void answersFast503ProblemWithRetryAfterBeyondTheBound() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> held = holdEveryPlace();

        long started = System.nanoTime();
        HttpResponse<String> shed = get(server.getURI(), "/slow");
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(shed.statusCode()).isEqualTo(503);
        assertThat(shed.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(shed.headers().firstValue("Content-Type")).hasValueSatisfying(
            type -> assertThat(type).startsWith(Problem.MEDIA_TYPE));
        assertThat(shed.body()).contains("\"status\":503").contains("try again shortly");
        assertThat(millis).isLessThan(1000);
        gate.open();
        for (CompletableFuture<HttpResponse<String>> request : held) {
            assertThat(request.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void keepsAnsweringHealthOnTheManagementPortWhileTheTrafficPortIsFull() throws Exception {
        holdEveryPlace();

        HttpResponse<String> liveness = get(ManagementPort.uri(server), "/health/liveness");
        HttpResponse<String> readiness = get(ManagementPort.uri(server), "/health/readiness");

        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(readiness.statusCode()).isEqualTo(200);
    }

    @Test
    void servesNormallyAgainOnceTheHeldRequestsFinish() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> held = holdEveryPlace();
        assertThat(get(server.getURI(), "/slow").statusCode()).isEqualTo(503);

        gate.open();
        for (CompletableFuture<HttpResponse<String>> request : held) {
            request.get(5, TimeUnit.SECONDS);
        }

        for (int i = 0; i < 2 * MAX_IN_FLIGHT; i++) {
            assertThat(get(server.getURI(), "/slow").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void dropsAShedRequestsBodyAndKeepsTheConnectionForTheNextRequest() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> held = holdEveryPlace();
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String body = "{\"name\":\"" + "x".repeat(5000) + "\"}";
            out.write(("POST /slow HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertThat(readResponse(in)).startsWith("HTTP/1.1 503 ").contains("retry-after: 1").doesNotContain("connection: close");

            gate.open();
            for (CompletableFuture<HttpResponse<String>> request : held) {
                request.get(5, TimeUnit.SECONDS);
            }
            out.write("GET /slow HTTP/1.1\r\nHost: test\r\n\r\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertThat(readResponse(in)).as("the same connection, after the shed request's body").startsWith("HTTP/1.1 200 ")
                .endsWith("served");
        }
    }

    /** One response: status line and headers (lower-cased), then the body of its Content-Length. */
    private static String readResponse(BufferedReader in) throws IOException {
        StringBuilder head = new StringBuilder();
        int length = 0;
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            head.append(line.startsWith("HTTP/") ? line : line.toLowerCase(Locale.ROOT)).append('\n');
            if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        char[] body = new char[length];
        for (int read = 0; read < length; ) {
            read += in.read(body, read, length - read);
        }
        return head + new String(body);
    }

    /** Sends MAX_IN_FLIGHT requests that the controller holds until the gate opens; returns once all are inside. */
    private List<CompletableFuture<HttpResponse<String>>> holdEveryPlace() throws InterruptedException {
        gate.close();
        List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        for (int i = 0; i < MAX_IN_FLIGHT; i++) {
            held.add(client.sendAsync(request(server.getURI(), "/slow"), HttpResponse.BodyHandlers.ofString()));
        }
        heldByThisTest.addAll(held);
        assertThat(gate.awaitInside(MAX_IN_FLIGHT)).as("held requests reached the controller").isTrue();
        return held;
    }

    private HttpResponse<String> get(URI base, String path) throws IOException, InterruptedException {
        return client.send(request(base, path), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(URI base, String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).build();
    }

    /** Holds requests at the controller until opened, and counts those waiting. */
    @Singleton
    @Requires(property = "spec.name", value = "LoadSheddingTest")
    static final class Gate {
        private volatile CountDownLatch open = new CountDownLatch(0);
        private final Semaphore inside = new Semaphore(0);

        void close() {
            open = new CountDownLatch(1);
            inside.drainPermits();
        }

        void open() {
            open.countDown();
        }

        void pass() throws InterruptedException {
            inside.release();
            open.await(60, TimeUnit.SECONDS);
        }

        boolean awaitInside(int requests) throws InterruptedException {
            return inside.tryAcquire(requests, 30, TimeUnit.SECONDS);
        }
    }

    @Requires(property = "spec.name", value = "LoadSheddingTest")
    @Controller
    static final class SlowController {
        private final Gate gate;

        SlowController(Gate gate) {
            this.gate = gate;
        }

        @Get("/slow")
        @ExecuteOn(TaskExecutors.BLOCKING)
        String slow() throws InterruptedException {
            gate.pass();
            return "served";
        }

        @Post("/slow")
        @ExecuteOn(TaskExecutors.BLOCKING)
        String slowWrite(@Body String body) throws InterruptedException {
            gate.pass();
            return "stored " + body.length();
        }
    }
}
