package dev.ecsdns.common;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.discovery.ServiceInstance;
import io.micronaut.discovery.ServiceInstanceList;
import io.micronaut.health.HealthStatus;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.inject.ExecutableMethod;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.retry.event.CircuitClosedEvent;
import io.micronaut.retry.event.CircuitOpenEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import java.security.Security;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Shows, in {@code /health} details, each downstream's addresses (and which are ejected) and which of its calls
 * have an open circuit. It always reports UP: a failing downstream must not make this instance unready, or one
 * outage would take every caller out of the load balancer too.
 */
@Singleton
final class DownstreamHealthIndicator implements HealthIndicator {

    private final List<ServiceInstanceList> downstreams;
    private final Map<String, Set<String>> openCircuits = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastChange = new ConcurrentHashMap<>();

    DownstreamHealthIndicator(List<ServiceInstanceList> downstreams) {
        this.downstreams = downstreams;
    }

    @EventListener
    void onOpen(CircuitOpenEvent event) {
        ExecutableMethod<?, ?> method = event.getSource();
        openCircuits.computeIfAbsent(clientId(method), id -> ConcurrentHashMap.newKeySet()).add(method.getMethodName());
        lastChange.put(clientId(method), Instant.now());
    }

    @EventListener
    void onClose(CircuitClosedEvent event) {
        ExecutableMethod<?, ?> method = event.getSource();
        openCircuits.getOrDefault(clientId(method), Set.of()).remove(method.getMethodName());
        lastChange.put(clientId(method), Instant.now());
    }

    @Override
    public Publisher<HealthResult> getResult() {
        Map<String, Object> details = new TreeMap<>();
        for (ServiceInstanceList downstream : downstreams) {
            String id = downstream.getID();
            List<ServiceInstance> instances = downstream.getInstances();
            Set<String> open = openCircuits.getOrDefault(id, Set.of());
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("circuit", open.isEmpty() ? "closed" : "open");
            detail.put("openCalls", List.copyOf(open));
            detail.put("addresses", instances.stream().map(i -> i.getURI().getAuthority()).toList());
            detail.put("ejected", instances.stream()
                .filter(i -> !i.getHealthStatus().equals(HealthStatus.UP)).map(i -> i.getURI().getAuthority()).toList());
            if (lastChange.containsKey(id)) {
                detail.put("circuitChangedAt", lastChange.get(id).toString());
            }
            details.put(id, detail);
        }
        // The effective JVM DNS cache, as proof that the TTLs really apply in this process (image or jar).
        details.put("dnsCacheSeconds", Map.of(
            "positive", String.valueOf(Security.getProperty("networkaddress.cache.ttl")),
            "negative", String.valueOf(Security.getProperty("networkaddress.cache.negative.ttl"))));
        return Mono.just(HealthResult.builder("downstream", HealthStatus.UP).details(details).build());
    }

    /** Whether any call to this downstream has an open circuit now. */
    boolean isCircuitOpen(String id) {
        return !openCircuits.getOrDefault(id, Set.of()).isEmpty();
    }

    static String clientId(ExecutableMethod<?, ?> method) {
        return method.stringValue(Client.class, "id")
            .or(() -> method.stringValue(Client.class))
            .orElse(method.getDeclaringType().getSimpleName());
    }
}
