package dev.ecsdns.common;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * Micrometer's request timers under the names and tags of Micronaut's web metrics: {@code http.server.requests}
 * (method, uri, status, exception) for each served request and {@code http.client.requests} (plus serviceId) for
 * each outgoing attempt. {@link AccessLogFilter} and {@link OutlierEjectionFilter}, which already see every request
 * and every attempt, record them, in place of Micronaut's two metrics filters (off in application.yml): one filter
 * fewer on each side and a timer found in a map instead of built and registered per request (docs/performance.md,
 * "What tracing, metrics and JSON logs cost", has the measurement). Health checks and scrapes are not timed, as
 * they are not logged. Without a registry (MICRONAUT_METRICS_ENABLED=false) recording does nothing.
 */
@Singleton
public final class RequestTimers {

    static final String SERVER = "http.server.requests";
    static final String CLIENT = "http.client.requests";
    /** The status of an attempt that got no answer (no connection, read timeout, ejected address). */
    static final String NO_ANSWER = "CLIENT_ERROR";

    private final MeterRegistry registry;
    private final ConcurrentMap<Key, Timer> timers = new ConcurrentHashMap<>();

    RequestTimers(Optional<MeterRegistry> registry) {
        this.registry = registry.orElse(null);
    }

    private record Key(String name, @Nullable String serviceId, String method, String uri, String status,
                       String exception) {
    }

    /** A served request; {@code error} is the exception an error response was made from, if any. */
    void server(String method, String uri, int status, @Nullable Object error, long startedNanos) {
        record(new Key(SERVER, null, method, uri, Integer.toString(status), exception(status, error)), startedNanos);
    }

    /** An outgoing attempt: its answer's status, or {@link #NO_ANSWER} and the exception's name. */
    void client(@Nullable String serviceId, String method, @Nullable String uri, @Nullable Integer status,
                @Nullable Throwable error, long startedNanos) {
        String statusTag = status == null ? NO_ANSWER : status.toString();
        record(new Key(CLIENT, serviceId == null ? "unknown" : serviceId, method, uri == null ? "unknown" : uri,
            statusTag, exception(status == null ? 0 : status, error)), startedNanos);
    }

    private void record(Key key, long startedNanos) {
        if (registry == null) {
            return;
        }
        long elapsed = System.nanoTime() - startedNanos;
        timers.computeIfAbsent(key, this::register).record(elapsed, TimeUnit.NANOSECONDS);
    }

    private Timer register(Key key) {
        Timer.Builder builder = Timer.builder(key.name())
            .tag("method", key.method()).tag("uri", key.uri()).tag("status", key.status())
            .tag("exception", key.exception());
        if (key.serviceId() != null) {
            builder.tag("serviceId", key.serviceId());
        }
        return builder.register(registry);
    }

    /** As Micronaut tags it: the exception's simple name for a failed request, else "none". */
    private static String exception(int status, @Nullable Object error) {
        return error instanceof Throwable t && (status == 0 || status >= 400) ? t.getClass().getSimpleName() : "none";
    }
}
