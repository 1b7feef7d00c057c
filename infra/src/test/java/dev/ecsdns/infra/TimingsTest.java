package dev.ecsdns.infra;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shutdown budget of docs/architecture.md, as the template derives it. */
class TimingsTest {

    @Test
    void keepsDatabaseServingUntilCloudMapTheRecordTtlAndTheCallersJvmCacheHaveAllLetGo() {
        assertThat(Timings.DATABASE.lameDuckSeconds()).isEqualTo(45).isGreaterThanOrEqualTo(
                Timings.CLOUD_MAP_PROPAGATION_SECONDS + Timings.DEFAULT_DNS_TTL_SECONDS + Timings.JVM_DNS_CACHE_SECONDS);
    }

    @Test
    void keepsWebAndApiServingForTheRecordTtlAndJvmCacheAfterTheLoadBalancerDrainedThem() {
        assertThat(Timings.API.lameDuckSeconds()).isEqualTo(15)
                .isEqualTo(Timings.DEFAULT_DNS_TTL_SECONDS + Timings.JVM_DNS_CACHE_SECONDS)
                .isLessThan((int) Timings.DEREGISTRATION_DELAY.toSeconds());
        assertThat(Timings.WEB).isEqualTo(Timings.API);
    }

    @ParameterizedTest
    @CsvSource({"web", "api", "database"})
    void neverNeedsSigkillBecauseTheStopTimeoutCoversLameDuckAndGracefulShutdown(String service) {
        Timings.Shutdown shutdown = Timings.of(service);

        assertThat(shutdown.stopTimeoutSeconds())
                .isGreaterThan(shutdown.lameDuckSeconds() + Timings.GRACEFUL_SHUTDOWN_SECONDS)
                .isLessThanOrEqualTo(Timings.MAX_STOP_TIMEOUT_SECONDS);
    }
}
