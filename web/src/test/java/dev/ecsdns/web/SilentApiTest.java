package dev.ecsdns.web;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The api's address takes connections (the kernel queues them) but never answers: a hung instance.
 */
@MicronautTest
class SilentApiTest extends WebTest implements TestPropertyProvider {

    private final ServerSocket silent = listen();

    @Override
    public Map<String, String> getProperties() {
        return Map.of("micronaut.http.services.api.url", "http://127.0.0.1:" + silent.getLocalPort());
    }

    @AfterAll
    void close() throws IOException {
        silent.close();
    }

    @Test
    void pageGivesUpOnAHungApiAfterTheReadTimeoutAndShowsTheBanner() {
        long start = System.nanoTime();
        Browser.Reply reply = browser.get("/");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).isBetween(Duration.ofMillis(2_500), Duration.ofMillis(4_500));
        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.document().selectFirst("#api-unavailable")).isNotNull();
    }

    private static ServerSocket listen() {
        try {
            return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
