package dev.ecsdns.common;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.BasicHttpAttributes;
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
 * One line per request (and, on AWS, one value for the CloudWatch metrics): method, path template (never the raw
 * path, so ids and queries stay out), status and duration; the JSON log adds the trace id. No headers and no
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

    AccessLogFilter(Optional<EmfMetrics> metrics) {
        this.metrics = metrics;
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
        double millis = request.getAttribute(STARTED, Long.class)
            .map(started -> (System.nanoTime() - started) / 1_000_000.0).orElse(-1.0);
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
