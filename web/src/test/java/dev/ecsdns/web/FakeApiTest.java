package dev.ecsdns.web;

import io.micronaut.test.support.TestPropertyProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

import java.util.Map;

/**
 * A web test whose api is the in-memory fake, emptied before each test.
 */
abstract class FakeApiTest extends WebTest implements TestPropertyProvider {

    private final FakeApiServer server = new FakeApiServer();
    final FakeApi api = server.api();

    @Override
    public Map<String, String> getProperties() {
        return server.properties();
    }

    @BeforeEach
    void emptyApi() {
        api.reset();
    }

    @AfterAll
    void stopApi() {
        server.close();
    }
}
