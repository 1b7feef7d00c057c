package dev.ecsdns.api;

import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

/**
 * What api's tests share: a fake database in one embedded server, the api under test in another pointed at it, real
 * HTTP calls to api, and the fake's record of what api forwarded, emptied before each test. A test class picks
 * another fake or more api settings by overriding {@link #databaseSpec()} or {@link #apiProperties()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FakeDatabaseTest {

    EmbeddedServer database;
    EmbeddedServer api;
    ApiCalls calls;
    ReceivedRequests received;

    String databaseSpec() {
        return FakeDatabaseController.SPEC;
    }

    Map<String, Object> apiProperties() {
        return Map.of();
    }

    @BeforeAll
    void startDatabaseAndApi() {
        database = Servers.fakeDatabase(databaseSpec());
        api = Servers.api(database.getURL().toString(), apiProperties());
        calls = new ApiCalls(api);
        received = database.getApplicationContext().findBean(ReceivedRequests.class).orElse(null);
    }

    @BeforeEach
    void forgetReceivedRequests() {
        if (received != null) {
            received.clear();
        }
    }

    @AfterAll
    void stopApiAndDatabase() {
        api.close();
        database.close();
    }
}
