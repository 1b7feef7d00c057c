package dev.ecsdns.database;

import io.micronaut.context.ApplicationContext;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DynamoDB's endpoint accepts connections but never answers (a hung or black-holed endpoint): the SDK timeouts,
 * not the JDK's, decide how long a caller waits. Ordered: the first readiness probe is the one that waits.
 */
@MicronautTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SilentDynamoDbTest extends DatabaseTest {

    @Inject
    ApplicationContext context;

    private ServerSocket silent;

    @Override
    public Map<String, String> getProperties() {
        DynamoDbLocal.start(); // for region and credentials
        try {
            // Never accepted: the kernel still completes the handshake, then nothing is ever sent back.
            silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
            "aws.services.dynamodb.endpoint-override", "http://127.0.0.1:" + silent.getLocalPort(),
            "dynamodb.create-table", "false",
            // Well apart from the 2 s call timeout, so the timing shows which of the two applied.
            "dynamodb.health-timeout", "500ms");
    }

    @BeforeAll
    void warmUp() {
        // The client and the health endpoint are built on first use; build them now so the timings below measure
        // the calls alone (liveness shares the endpoint but does not ask DynamoDB).
        context.getBean(DynamoDbAsyncClient.class);
        assertThat(Http.management(server, json).get("/health/liveness").status()).isEqualTo(200);
    }

    @AfterAll
    void closeSilentEndpoint() throws IOException {
        silent.close();
    }

    @Test
    @Order(1)
    void readinessIsDownAsSoonAsItsOwnTimeoutPasses() {
        Timed<Http.Response> readiness = Timed.of(() -> Http.management(server, json).get("/health/readiness"));

        assertThat(readiness.value().status()).isEqualTo(503);
        assertThat(readiness.took()).isBetween(Duration.ofMillis(500), Duration.ofMillis(1900));
    }

    @Test
    @Order(2)
    void readinessProbesWithinFiveSecondsReuseTheLastAnswerAtOnce() {
        Timed<Http.Response> readiness = Timed.of(() -> Http.management(server, json).get("/health/readiness"));

        assertThat(readiness.value().status()).isEqualTo(503);
        assertThat(readiness.took()).isLessThan(Duration.ofMillis(500));
    }

    @Test
    @Order(3)
    void itemsApiGivesUpWithin3SecondsWith503() {
        Timed<Http.Response> create = Timed.of(() -> http().post("/items", Http.item("patient", 1)));

        assertThat(create.value().status()).isEqualTo(503);
        assertThat(create.value().header("Retry-After")).isEqualTo("2");
        assertThat(create.took()).isLessThan(Duration.ofSeconds(3));
    }

    private record Timed<T>(T value, Duration took) {

        static <T> Timed<T> of(Supplier<T> call) {
            long started = System.nanoTime();
            T value = call.get();
            return new Timed<>(value, Duration.ofNanos(System.nanoTime() - started));
        }
    }
}
