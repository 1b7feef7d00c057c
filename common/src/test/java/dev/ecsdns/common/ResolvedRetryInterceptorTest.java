package dev.ecsdns.common;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.retry.event.CircuitOpenEvent;
import io.micronaut.retry.event.RetryEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.retry.intercept.DefaultRetryInterceptor;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link DownstreamCall}'s placeholders, resolved once by {@link ResolvedRetryInterceptor}, still take the values the
 * environment gives them: the number of attempts and the reset period of the circuit.
 */
class ResolvedRetryInterceptorTest {

    @Test
    void retriesAsOftenAsConfiguredThenOpensTheCircuitForTheConfiguredPeriod() throws InterruptedException {
        for (int attempts : new int[] {1, 4}) {
            try (ApplicationContext context = ApplicationContext.run(Map.of("spec.name", "ResolvedRetryInterceptorTest",
                "micronaut.application.name", "resolved-retry", "micronaut.http.services.dead.urls[0]", "http://127.0.0.1:" + FreePort.next(),
                "downstream.retry.attempts", attempts, "downstream.retry.delay", "1ms",
                "downstream.circuit.reset", "300ms"))) {
                DeadClient dead = context.getBean(DeadClient.class);
                Events events = context.getBean(Events.class);

                assertThat(context.getBean(DefaultRetryInterceptor.class)).isInstanceOf(ResolvedRetryInterceptor.class);
                assertThatThrownBy(dead::leaf).isInstanceOf(HttpClientException.class);
                assertThat(events.retries).as("retries with attempts=" + attempts).hasValue(attempts);
                assertThat(events.opened).as("opened after the last attempt").hasValue(1);

                assertThatThrownBy(dead::leaf).isInstanceOf(HttpClientException.class);
                assertThat(events.retries).as("open: no call made").hasValue(attempts);
                assertThat(events.opened).hasValue(1);

                Thread.sleep(400);
                assertThatThrownBy(dead::leaf).isInstanceOf(HttpClientException.class);
                assertThat(events.opened).as("after the 300 ms reset, one probe failed and opened it again")
                    .hasValue(2);
                assertThat(events.retries).as("the probe and one retry, as Micronaut's own interceptor makes them")
                    .hasValue(attempts + 1);
            }
        }
    }

    @Requires(property = "spec.name", value = "ResolvedRetryInterceptorTest")
    @DownstreamCall
    @Client(id = "dead")
    interface DeadClient {

        @Get("/leaf")
        String leaf();
    }

    @Requires(property = "spec.name", value = "ResolvedRetryInterceptorTest")
    @Singleton
    static class Events {

        final AtomicInteger retries = new AtomicInteger();
        final AtomicInteger opened = new AtomicInteger();

        @EventListener
        void onRetry(RetryEvent event) {
            retries.incrementAndGet();
        }

        @EventListener
        void onOpen(CircuitOpenEvent event) {
            opened.incrementAndGet();
        }
    }
}
