package dev.ecsdns.web;

import dev.ecsdns.common.Whoami;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WhoamiTest implements TestPropertyProvider {

    private final FakeApiServer server = new FakeApiServer();

    @Inject
    @Client("/")
    HttpClient client;

    @Override
    public Map<String, String> getProperties() {
        return server.properties();
    }

    @AfterAll
    void stopApi() {
        server.close();
    }

    @Test
    void namesThisWebInstanceAndTheApiAndDatabaseInstancesBehindIt() {
        Whoami whoami = client.toBlocking().retrieve("/whoami", Whoami.class);

        assertThat(whoami.service()).isEqualTo("web");
        assertThat(whoami.instance()).matches("[0-9a-f]{8}");
        assertThat(whoami.downstream()).isEqualTo(FakeApi.WHOAMI);
    }
}
