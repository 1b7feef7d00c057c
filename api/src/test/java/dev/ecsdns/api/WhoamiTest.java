package dev.ecsdns.api;

import dev.ecsdns.common.ManagementPort;
import dev.ecsdns.common.NativeTransport;
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
        // An opaque id, no host name or address: this answer goes out through the load balancer.
        assertThat(whoami.instance()).matches("[0-9a-f]{8}");
        assertThat(whoami.downstream()).isEqualTo(new Whoami("database", "d1d1d1d1", null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/info", "/beans", "/routes", "/loggers", "/refresh", "/threaddump", "/env"})
    void servesNoManagementEndpointButHealthOnEitherPort(String path) {
        ApiCalls management = ApiCalls.management(api);
        assertThat(calls.get(path).status()).isEqualTo(404);
        assertThat(management.get(path).status()).isEqualTo(404);
        assertThat(management.get("/health/liveness").status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/health", "/health/readiness", "/health/liveness"})
    void servesHealthOnlyOnTheManagementPort(String path) {
        assertThat(ManagementPort.of(api)).isNotEqualTo(api.getPort());
        assertThat(calls.get(path).status()).isEqualTo(404);
        assertThat(ApiCalls.management(api).get(path).status()).isEqualTo(200);
    }

    @Test
    void runsItsEventLoopsOnNativeEpoll() {
        NativeTransport.assertEventLoopsOnEpoll(api.getApplicationContext());
    }
}
