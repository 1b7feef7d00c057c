package dev.ecsdns.database;

import dev.ecsdns.common.ManagementPort;
import dev.ecsdns.common.NativeTransport;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.crt.AwsCrtAsyncHttpClient;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest
class HealthTest extends DatabaseTest {

    @Test
    @SuppressWarnings("unchecked")
    void readinessOnTheManagementPortShowsTheTableActive() {
        Http.Response response = management().get("/health/readiness");

        assertThat(response.status()).isEqualTo(200);
        Map<String, Object> dynamodb = (Map<String, Object>) ((Map<String, Object>) response.json().get("details")).get("dynamodb");
        assertThat(dynamodb).containsEntry("status", "UP")
            .containsEntry("details", Map.of("table", tableName(), "tableStatus", "ACTIVE"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void livenessOnTheManagementPortLeavesDynamoDbOut() {
        Http.Response response = management().get("/health/liveness");

        assertThat(response.status()).isEqualTo(200);
        assertThat((Map<String, Object>) response.json().get("details")).doesNotContainKey("dynamodb");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/health", "/health/readiness", "/health/liveness"})
    void trafficPortServesNoHealth(String path) {
        assertThat(ManagementPort.of(server)).isNotEqualTo(server.getPort());
        assertThat(http().get(path).status()).isEqualTo(404);
    }

    @Test
    void whoamiNamesTheServiceAndAnOpaqueInstanceIdWithoutAddress() {
        Http.Response response = http().get("/whoami");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json()).containsEntry("service", "database").containsOnlyKeys("service", "instance");
        assertThat((String) response.json().get("instance")).matches("[0-9a-f]{8}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/info", "/beans", "/routes", "/loggers", "/refresh", "/threaddump", "/env"})
    void servesNoManagementEndpointButHealthOnEitherPort(String path) {
        assertThat(http().get(path).status()).isEqualTo(404);
        assertThat(management().get(path).status()).isEqualTo(404);
    }

    @Test
    void runsItsEventLoopsOnNativeEpoll() {
        NativeTransport.assertEventLoopsOnEpoll(server.getApplicationContext());
    }

    @Test
    void callsDynamoDbThroughTheCommonRuntimesHttpClient() {
        assertThat(server.getApplicationContext().getBeansOfType(SdkAsyncHttpClient.class))
            .singleElement().isInstanceOf(AwsCrtAsyncHttpClient.class);
        // and DynamoDB answers through it: readiness calls DescribeTable
        assertThat(management().get("/health/readiness").status()).isEqualTo(200);
    }
}
