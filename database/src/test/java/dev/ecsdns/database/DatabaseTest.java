package dev.ecsdns.database;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.provider.Arguments;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every database test shares: the service in an embedded server on a free port, raw HTTP to it, and a DynamoDB
 * Local table of its own, named after the test class, so classes never see each other's items. Subclasses carry
 * {@code @MicronautTest}; one whose DynamoDB is broken on purpose overrides {@link #getProperties()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DatabaseTest implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;

    private Http http;

    @Override
    public Map<String, String> getProperties() {
        return DynamoDbLocal.tableProperties(tableName());
    }

    String tableName() {
        return getClass().getSimpleName();
    }

    /** Built on first use: the server is injected after the properties were read. */
    Http http() {
        if (http == null) {
            http = new Http(server, json);
        }
        return http;
    }

    /** Raw HTTP to the service's management port (health with details). */
    Http management() {
        return Http.management(server, json);
    }

    private static final String SOME_ITEM = "/items/00000000-0000-4000-8000-000000000000";

    /** Every kind of items call that needs DynamoDB (method, path, body), for the tests whose DynamoDB is broken. */
    static Stream<Arguments> everyItemsCall() {
        String item = "{\"name\":\"a\",\"quantity\":1}";
        return Stream.of(Arguments.of("GET", "/items", null), Arguments.of("GET", SOME_ITEM, null),
            Arguments.of("POST", "/items", item), Arguments.of("PUT", SOME_ITEM, item),
            Arguments.of("DELETE", SOME_ITEM, null));
    }

    /**
     * Sends the call (with an If-Match, for the writes that need one) and checks what a caller of a database whose
     * DynamoDB is broken gets: 503 problem+json with Retry-After within 3 s (DynamoDB's 2 s call timeout, retries
     * included), and nothing of the failure's own text. Returns the answer for further checks.
     */
    Http.Response assertUnavailableWithin3Seconds(String method, String path, String body) {
        long started = System.nanoTime();
        Http.Response response = http().send(method, path, body, "If-Match", "\"1\"");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(response.status()).as(response.toString()).isEqualTo(503);
        assertThat(response.header("Retry-After")).isEqualTo("2");
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.body()).contains("try again shortly").doesNotContain("Exception");
        assertThat(took).isLessThan(Duration.ofSeconds(3));
        return response;
    }
}
