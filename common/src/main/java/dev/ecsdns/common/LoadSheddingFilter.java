package dev.ecsdns.common;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load shedding on the traffic port: at most {@code load-shedding.max-in-flight} requests are served at once, and
 * one more gets a 503 with Retry-After at once instead of a place in a queue. A queue at 0.25 vCPU only makes every
 * answer late (and holds memory per waiting request); a fast 503 lets the load balancer and clients go elsewhere or
 * come back. The management port (health, metrics) is never shed, so a busy task stays live and ready.
 * Runs before every other filter, so a shed request costs no trace, log line or routing.
 */
@Filter(Filter.MATCH_ALL_PATTERN)
final class LoadSheddingFilter implements HttpServerFilter {

    private static final Logger LOG = LoggerFactory.getLogger(LoadSheddingFilter.class);
    private static final long LOG_EVERY_NANOS = 10_000_000_000L;

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong shed = new AtomicLong();
    private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);
    private final int maxInFlight;
    private final String retryAfter;
    private final int managementPort;
    private final ErrorResponseProcessor<?> processor;

    LoadSheddingFilter(@Value("${load-shedding.max-in-flight:64}") int maxInFlight,
                       @Value("${load-shedding.retry-after:1}") String retryAfter,
                       @Value("${" + ManagementPort.PROPERTY + ":-1}") int managementPort,
                       ErrorResponseProcessor<?> processor) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("load-shedding.max-in-flight must be at least 1, not " + maxInFlight);
        }
        this.maxInFlight = maxInFlight;
        this.retryAfter = retryAfter;
        this.managementPort = managementPort;
        this.processor = processor;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Publisher<MutableHttpResponse<?>> doFilter(HttpRequest<?> request, ServerFilterChain chain) {
        if (request.getServerAddress().getPort() == managementPort) {
            return chain.proceed(request);
        }
        if (inFlight.incrementAndGet() > maxInFlight) {
            inFlight.decrementAndGet();
            return Publishers.just(overloaded(request));
        }
        return Flux.from(chain.proceed(request)).doFinally(signal -> inFlight.decrementAndGet());
    }

    /** Requests being served now on the traffic port. */
    int inFlight() {
        return inFlight.get();
    }

    private MutableHttpResponse<?> overloaded(HttpRequest<?> request) {
        long total = shed.incrementAndGet();
        long now = System.nanoTime();
        long last = lastLog.get();
        if (now - last >= LOG_EVERY_NANOS && lastLog.compareAndSet(last, now)) {
            LOG.warn("overloaded: {} requests in flight, shedding (shed {} since start)", maxInFlight, total);
        }
        return processor.processResponse(
            ErrorContext.builder(request)
                .errorMessage("This instance is serving as many requests as it can; try again shortly.")
                .build(),
            HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, retryAfter));
    }
}
