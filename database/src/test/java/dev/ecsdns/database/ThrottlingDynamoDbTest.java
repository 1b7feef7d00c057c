package dev.ecsdns.database;

import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DynamoDB throttles every call (what a table over its capacity, or an account over its limits, answers). DynamoDB
 * Local never throttles, so the endpoint here is a small HTTP server that answers each call the way DynamoDB does:
 * 400 with the {@code ThrottlingException} type. The SDK's own retries (with their backoff) stay bounded, and the
 * caller gets a 503 with Retry-After once the call timeout is spent at the latest, never a 500 or the SDK's text.
 */
@MicronautTest
class ThrottlingDynamoDbTest extends DatabaseTest {

    private static final byte[] THROTTLED = ("{\"__type\":\"com.amazonaws.dynamodb.v20120810#ThrottlingException\","
        + "\"message\":\"Rate of requests exceeds the allowed throughput.\"}").getBytes(StandardCharsets.UTF_8);

    @Inject
    ApplicationContext context;

    private final AtomicInteger calls = new AtomicInteger();
    private HttpServer throttling;

    @Override
    public Map<String, String> getProperties() {
        DynamoDbLocal.start(); // for region and credentials
        try {
            throttling = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throttling.createContext("/", exchange -> {
            calls.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(400, THROTTLED.length);
            exchange.getResponseBody().write(THROTTLED);
            exchange.close();
        });
        throttling.start();
        return Map.of(
            "aws.services.dynamodb.endpoint-override", "http://127.0.0.1:" + throttling.getAddress().getPort(),
            "dynamodb.create-table", "false");
    }

    @BeforeAll
    void warmUp() {
        // the client is built, and the error path loaded, on first use: the timings below are of throttled calls,
        // not of the service's first answer
        context.getBean(DynamoDbAsyncClient.class);
        assertThat(http().get("/items").status()).isEqualTo(503);
    }

    @AfterAll
    void stopThrottling() {
        throttling.stop(0);
    }

    @BeforeEach
    void countFromZero() {
        calls.set(0);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyItemsCall")
    void answers503WithRetryAfterAfterBoundedRetries(String method, String path, String body) {
        assertThat(assertUnavailableWithin3Seconds(method, path, body).body()).doesNotContain("throughput");
        // the SDK tried again, but a bounded number of times (its standard mode: 3 attempts per call)
        assertThat(calls.get()).as("calls DynamoDB received").isBetween(1, 6);
    }
}
