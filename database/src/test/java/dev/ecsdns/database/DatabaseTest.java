package dev.ecsdns.database;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

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
}
