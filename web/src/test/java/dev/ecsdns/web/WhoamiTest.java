package dev.ecsdns.web;

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
        assertThat(whoami.instance()).matches(".+/.+");
        assertThat(whoami.downstream()).isEqualTo(
            new Whoami("api", "api-1/10.0.1.1", new Whoami("database", "database-1/10.0.2.1", null)));
    }
}
