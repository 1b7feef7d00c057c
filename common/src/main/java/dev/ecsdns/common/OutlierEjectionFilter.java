package dev.ecsdns.common;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.client.exceptions.ReadTimeoutException;
import io.micronaut.http.filter.ClientFilterChain;
import io.micronaut.http.filter.HttpClientFilter;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;

/**
 * Watches every outgoing call (the URL already holds the address the load balancer chose) and ejects an address
 * whose connection failed; an address that answers, whatever the status, is back in rotation. An address that keeps
 * timing out is not called at all (the call fails at once with {@link SlowInstanceException}) until a probe answers.
 */
@Filter(Filter.MATCH_ALL_PATTERN)
final class OutlierEjectionFilter implements HttpClientFilter {

    private static final Logger LOG = LoggerFactory.getLogger(OutlierEjectionFilter.class);

    private final Ejections ejections;

    OutlierEjectionFilter(Ejections ejections) {
        this.ejections = ejections;
    }

    @Override
    public Publisher<? extends HttpResponse<?>> doFilter(MutableHttpRequest<?> request, ClientFilterChain chain) {
        String address = request.getUri().getHost() + ":" + request.getUri().getPort();
        if (!ejections.admits(address)) {
            return Flux.error(new SlowInstanceException(address));
        }
        return Flux.from(chain.proceed(request))
            .doOnNext(response -> ejections.restore(address))
            .doOnError(error -> {
                if (error instanceof HttpClientResponseException) {
                    ejections.restore(address);
                } else if (error instanceof ReadTimeoutException) {
                    LOG.info("ejecting {} for a while: no answer within the read timeout", address);
                    ejections.timedOut(address);
                } else if (error instanceof HttpClientException) {
                    LOG.info("ejecting {} for a while: {}", address, error.getMessage());
                    ejections.eject(address);
                }
            });
    }
}
