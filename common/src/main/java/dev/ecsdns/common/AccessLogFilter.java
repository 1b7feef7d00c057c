package dev.ecsdns.common;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.BasicHttpAttributes;
import io.micronaut.http.HttpAttributes;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * One line per request (and its sample of the {@code http.server.requests} timer, see {@link RequestTimers}, and on
 * AWS one value for the CloudWatch metrics): method, path template (never the raw path, so ids and queries stay
 * out), status and duration; the JSON log adds the trace id. No headers and no
 * bodies: nothing a client sends can leak into logs. Health and metrics scrapes are left out (they come every few
 * seconds and say nothing about users).
 * Runs inside the tracing filter, so the request's span is current when the line is written.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class AccessLogFilter implements Ordered {

    static final String LOGGER = "access";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    private static final String STARTED = AccessLogFilter.class.getName() + ".started";

    private final Optional<EmfMetrics> metrics;
    private final RequestTimers timers;

    AccessLogFilter(Optional<EmfMetrics> metrics, RequestTimers timers) {
        this.metrics = metrics;
        this.timers = timers;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.TRACING.after();
    }

    @RequestFilter
    void start(HttpRequest<?> request) {
        request.setAttribute(STARTED, System.nanoTime());
    }

    @ResponseFilter
    void log(HttpRequest<?> request, MutableHttpResponse<?> response) {
        String path = BasicHttpAttributes.getUriTemplate(request).orElse("unmatched");
        if (isManagement(path)) {
            return;
        }
        long started = request.getAttribute(STARTED, Long.class).orElseGet(System::nanoTime);
        double millis = (System.nanoTime() - started) / 1_000_000.0;
        timers.server(request.getMethodName(), path, response.code(),
            response.getAttribute(HttpAttributes.EXCEPTION).orElse(null), started);
        metrics.ifPresent(emf -> emf.record(response.code(), millis));
        LOG.atInfo()
            .addKeyValue("method", request.getMethodName())
            .addKeyValue("path", path)
            .addKeyValue("status", response.code())
            .addKeyValue("duration_ms", Math.round(millis * 10) / 10.0)
            .log("{} {} {} {} ms", request.getMethodName(), path, response.code(), Math.round(millis));
    }

    static boolean isManagement(String path) {
        return path.startsWith("/health") || path.startsWith("/prometheus");
    }
}
