package dev.ecsdns.api;

import dev.ecsdns.common.Whoami;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * /api/whoami names the api instance that answered and, below it, the database instance that answered api.
 */
class WhoamiTest extends FakeDatabaseTest {

    @Test
    void chainsDatabasesWhoamiBelowApisOwn() {
        ApiCalls.Reply reply = calls.get("/api/whoami");

        Whoami whoami = reply.as(Whoami.class);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(whoami.service()).isEqualTo("api");
        assertThat(whoami.instance()).endsWith("/127.0.0.1").doesNotStartWith("/");
        assertThat(whoami.downstream()).isEqualTo(new Whoami("database", "fake-database/127.0.0.1", null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/info", "/beans", "/routes", "/loggers", "/refresh", "/threaddump", "/env"})
    void servesNoManagementEndpointButHealth(String path) {
        assertThat(calls.get(path).status()).isEqualTo(404);
        assertThat(calls.get("/health/liveness").status()).isEqualTo(200);
    }
}
