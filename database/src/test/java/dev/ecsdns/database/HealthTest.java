package dev.ecsdns.database;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest
class HealthTest extends DatabaseTest {

    @Test
    @SuppressWarnings("unchecked")
    void readinessShowsTheTableActive() {
        Http.Response response = http().get("/health/readiness");

        assertThat(response.status()).isEqualTo(200);
        Map<String, Object> dynamodb = (Map<String, Object>) ((Map<String, Object>) response.json().get("details")).get("dynamodb");
        assertThat(dynamodb).containsEntry("status", "UP")
            .containsEntry("details", Map.of("table", tableName(), "tableStatus", "ACTIVE"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void livenessLeavesDynamoDbOut() {
        Http.Response response = http().get("/health/liveness");

        assertThat(response.status()).isEqualTo(200);
        assertThat((Map<String, Object>) response.json().get("details")).doesNotContainKey("dynamodb");
    }

    @Test
    void whoamiNamesTheServiceAndTheAddressItAnsweredOn() {
        Http.Response response = http().get("/whoami");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json()).containsEntry("service", "database").containsOnlyKeys("service", "instance");
        assertThat((String) response.json().get("instance")).endsWith("/127.0.0.1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/info", "/beans", "/routes", "/loggers", "/refresh", "/threaddump", "/env"})
    void servesNoManagementEndpointButHealth(String path) {
        assertThat(http().get(path).status()).isEqualTo(404);
    }
}
