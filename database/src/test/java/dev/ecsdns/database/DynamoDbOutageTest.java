package dev.ecsdns.database;

import dev.ecsdns.common.FreePort;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DynamoDB's endpoint points at a closed port (the setting beats aws.endpointUrlDynamoDb): nothing answers there.
 */
@MicronautTest
class DynamoDbOutageTest extends DatabaseTest {

    @Override
    public Map<String, String> getProperties() {
        DynamoDbLocal.start(); // for region and credentials: the endpoint below must be the only thing missing
        return Map.of(
            "aws.services.dynamodb.endpoint-override", "http://127.0.0.1:" + FreePort.next(),
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
    @MethodSource("everyItemsCall")
    void itemsApiAnswers503WithRetryAfterWithinThreeSeconds(String method, String path, String body) {
        assertThat(assertUnavailableWithin3Seconds(method, path, body).body()).doesNotContain("127.0.0.1");
    }
}
