package dev.ecsdns.common;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.discovery.ServiceInstanceList;
import io.micronaut.retry.event.RetryEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * The failover machinery as metrics, next to the per-route server timers ({@code http.server.requests}) and
 * per-downstream client timers ({@code http.client.requests}) of {@link RequestTimers}: retries on another
 * address, open circuits, ejected addresses, and whether this instance is draining (lame duck).
 */
@Singleton
@Requires(beans = MeterRegistry.class)
final class DownstreamMetrics {

    static final String RETRIES = "downstream.retries";
    static final String CIRCUIT_OPEN = "downstream.circuit.open";
    static final String EJECTED = "downstream.ejected.addresses";
    static final String LAME_DUCK = "lameduck.draining";

    private final MeterRegistry registry;

    DownstreamMetrics(MeterRegistry registry, List<ServiceInstanceList> downstreams, DownstreamHealthIndicator circuits,
                      Ejections ejections, LameDuck lameDuck) {
        this.registry = registry;
        for (ServiceInstanceList downstream : downstreams) {
            String id = downstream.getID();
            Gauge.builder(CIRCUIT_OPEN, circuits, c -> c.isCircuitOpen(id) ? 1 : 0)
                .description("1 while a call to this downstream has an open circuit").tag("downstream", id)
                .register(registry);
        }
        Gauge.builder(EJECTED, ejections, Ejections::ejectedCount)
            .description("downstream addresses skipped for a while after a failed connection").register(registry);
        Gauge.builder(LAME_DUCK, lameDuck, l -> l.isDraining() ? 1 : 0)
            .description("1 while this instance drains after SIGTERM").register(registry);
    }

    @EventListener
    void onStartup(StartupEvent event) {
        // Nothing to do: listening makes Micronaut create this bean, and so its gauges, at start-up.
    }

    @EventListener
    void onRetry(RetryEvent event) {
        String downstream = DownstreamHealthIndicator.clientId(event.getSource().getExecutableMethod());
        Counter.builder(RETRIES).description("calls repeated on another address after a connection failure")
            .tag("downstream", downstream).register(registry).increment();
    }
}
