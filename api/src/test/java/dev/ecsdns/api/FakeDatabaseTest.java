package dev.ecsdns.api;

import dev.ecsdns.database.FakeItems;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

/**
 * What api's tests share: database's fake ({@link FakeItems#database()}, held to the real database by database's
 * contract test), emptied before each test, the api under test in an embedded server pointed at it, and real HTTP
 * calls to api. A test class adds api settings by overriding {@link #apiProperties()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FakeDatabaseTest {

    final FakeItems database = FakeItems.database();
    EmbeddedServer api;
    ApiCalls calls;

    Map<String, Object> apiProperties() {
        return Map.of();
    }

    @BeforeAll
    void startApi() {
        api = Servers.api(database.uri().toString(), apiProperties());
        calls = new ApiCalls(api);
    }

    @BeforeEach
    void emptyDatabase() {
        database.reset();
    }

    @AfterAll
    void stopApiAndDatabase() {
        api.close();
        database.close();
    }
}
