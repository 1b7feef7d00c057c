package dev.ecsdns.web;

import dev.ecsdns.database.FakeItems;
import io.micronaut.test.support.TestPropertyProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

import java.util.List;
import java.util.Map;

/**
 * A web test whose api is the items contract's fake ({@link FakeItems#api()}, held to the real api by api's contract
 * test), emptied before each test.
 */
abstract class FakeApiTest extends WebTest implements TestPropertyProvider {

    /** What answers at the api's address: the api's fake, unless a test wants something else there. */
    final FakeItems api;

    FakeApiTest() {
        this(FakeItems.api());
    }

    FakeApiTest(FakeItems api) {
        this.api = api;
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of("micronaut.http.services.api.url", api.uri().toString());
    }

    @BeforeEach
    void emptyApi() {
        api.reset();
    }

    @AfterAll
    void stopApi() {
        api.close();
    }

    /** The Idempotency-Key of every create web sent. */
    List<String> idempotencyKeys() {
        return api.received().stream().filter(r -> r.method().equals("POST")).map(FakeItems.Received::idempotencyKey)
            .toList();
    }

    /** The If-Match of every change and delete web sent. */
    List<String> ifMatches() {
        return api.received().stream().filter(r -> r.method().equals("PUT") || r.method().equals("DELETE"))
            .map(FakeItems.Received::ifMatch).toList();
    }
}
