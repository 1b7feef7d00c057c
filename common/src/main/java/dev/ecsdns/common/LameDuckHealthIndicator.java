package dev.ecsdns.common;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import java.util.Map;

/**
 * Readiness turns DOWN as soon as the lame-duck period starts, so load balancers and health checks move away
 * while the instance still answers. Liveness is untouched: the orchestrator must not kill a draining instance.
 */
@Readiness
@Singleton
final class LameDuckHealthIndicator implements HealthIndicator {

    private final LameDuck lameDuck;

    LameDuckHealthIndicator(LameDuck lameDuck) {
        this.lameDuck = lameDuck;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        HealthStatus status = lameDuck.isDraining() ? HealthStatus.DOWN : HealthStatus.UP;
        return Mono.just(HealthResult.builder("lameDuck", status)
            .details(Map.of("draining", lameDuck.isDraining(), "periodSeconds", lameDuck.period().toSeconds()))
            .build());
    }
}
