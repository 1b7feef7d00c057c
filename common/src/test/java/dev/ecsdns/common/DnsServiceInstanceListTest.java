package dev.ecsdns.common;

import io.micronaut.discovery.ServiceInstance;
import io.micronaut.health.HealthStatus;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DnsServiceInstanceListTest {

    private final MutableClock clock = new MutableClock();
    private final Ejections ejections = new Ejections(Duration.ofSeconds(10), 2, clock);

    @Test
    void turnsTheNameIntoOneInstancePerAddressKeepingPortAndPath() {
        List<URI> resolved = DnsServiceInstanceList.resolve(URI.create("http://localhost:8082/base"));

        assertThat(resolved).isNotEmpty().allSatisfy(uri -> {
            assertThat(uri.getHost()).doesNotContain("localhost");
            assertThat(uri.getPort()).isEqualTo(8082);
            assertThat(uri.getPath()).isEqualTo("/base");
        });
    }

    @Test
    void keepsAnUnknownNameSoTheCallFailsFastWithA503() {
        URI unknown = URI.create("http://no-such-service.invalid:8081");

        assertThat(DnsServiceInstanceList.resolve(unknown)).containsExactly(unknown);
    }

    @Test
    void anEjectedAddressIsSkippedUntilTheEjectionEnds() {
        DnsServiceInstanceList list = new DnsServiceInstanceList("api",
            List.of(URI.create("http://127.0.0.1:8081"), URI.create("http://127.0.0.2:8081")), null, ejections);

        ejections.eject("127.0.0.2:8081");
        assertThat(statusOf(list, "127.0.0.2")).isEqualTo(HealthStatus.DOWN);
        assertThat(statusOf(list, "127.0.0.1")).isEqualTo(HealthStatus.UP);

        clock.advance(Duration.ofSeconds(11));
        assertThat(statusOf(list, "127.0.0.2")).isEqualTo(HealthStatus.UP);
    }

    @Test
    void whenEveryAddressIsEjectedAllAreTriedAnyway() {
        DnsServiceInstanceList list = new DnsServiceInstanceList("database",
            List.of(URI.create("http://127.0.0.1:8082")), null, ejections);

        ejections.eject("127.0.0.1:8082");

        assertThat(list.getInstances()).singleElement()
            .extracting(ServiceInstance::getHealthStatus).isEqualTo(HealthStatus.UP);
    }

    private static HealthStatus statusOf(DnsServiceInstanceList list, String host) {
        return list.getInstances().stream().filter(i -> i.getURI().getHost().equals(host))
            .findFirst().orElseThrow().getHealthStatus();
    }
}
