package dev.ecsdns.web;

import dev.ecsdns.common.NativeTransport;
import dev.ecsdns.common.Whoami;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest
class WhoamiTest extends FakeApiTest {

    @Test
    void namesThisWebInstanceAndTheApiAndDatabaseInstancesBehindIt() {
        Whoami whoami = client.toBlocking().retrieve("/whoami", Whoami.class);

        assertThat(whoami.service()).isEqualTo("web");
        assertThat(whoami.instance()).matches("[0-9a-f]{8}");
        assertThat(whoami.downstream()).isEqualTo(
            new Whoami("api", "a1a1a1a1", new Whoami("database", "d1d1d1d1", null)));
    }

    @Test
    void runsItsEventLoopsOnNativeEpoll() {
        NativeTransport.assertEventLoopsOnEpoll(server.getApplicationContext());
    }
}
