package dev.ecsdns.database;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DynamoDB's endpoint points at a closed port (the setting beats aws.endpointUrlDynamoDb): nothing answers there.
 */
@MicronautTest
class DynamoDbOutageTest extends DatabaseTest {

    private static final String ITEM = "/items/00000000-0000-4000-8000-000000000000";

    @Override
    public Map<String, String> getProperties() {
        DynamoDbLocal.start(); // for region and credentials: the endpoint below must be the only thing missing
        return Map.of(
            "aws.services.dynamodb.endpoint-override", "http://127.0.0.1:" + DynamoDbLocal.freePort(),
            "dynamodb.create-table", "false");
    }

    @Test
    void readinessIsDown() {
        Http.Response response = Http.management(server, json).get("/health/readiness");

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.body()).contains("\"dynamodb\":{\"name\":\"database\",\"status\":\"DOWN\"");
    }

    @Test
    void livenessStaysUp() {
        assertThat(Http.management(server, json).get("/health/liveness").status()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "GET, /items,",
        "GET, " + ITEM + ",",
        "POST, /items, '{\"name\":\"a\",\"quantity\":1}'",
        "PUT, " + ITEM + ", '{\"name\":\"a\",\"quantity\":1}'",
        "DELETE, " + ITEM + ","})
    void itemsApiAnswers503WithRetryAfterWithinThreeSeconds(String method, String path, String body) {
        long started = System.nanoTime();
        Http.Response response = http().send(method, path, body, "If-Match", "\"1\"");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(response.status()).as(response.toString()).isEqualTo(503);
        assertThat(response.header("Retry-After")).isEqualTo("2");
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.body()).doesNotContain("127.0.0.1").doesNotContain("Exception");
        assertThat(took).isLessThan(Duration.ofSeconds(3));
    }
}
