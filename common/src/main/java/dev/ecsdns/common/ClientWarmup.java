package dev.ecsdns.common;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a few requests to this instance's own liveness endpoint (on the management port) right after start-up, so
 * that the first real request does not pay for loading and compiling the HTTP client and server paths: at 0.25 vCPU
 * that first request took longer than a caller's 3 s read timeout. It never calls another service (that could trip a circuit while
 * the downstream is still starting).
 */
@Singleton
final class ClientWarmup implements ApplicationEventListener<ServerStartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(ClientWarmup.class);
    private static final int REQUESTS = 5;

    private final HttpClient client;

    ClientWarmup(@Client("/") HttpClient client) {
        this.client = client;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        String liveness = ManagementPort.uri(event.getSource()) + "/health/liveness";
        Thread warmup = new Thread(() -> warmUp(liveness), "client-warmup");
        warmup.setDaemon(true);
        warmup.start();
    }

    private void warmUp(String liveness) {
        long started = System.nanoTime();
        try {
            for (int i = 0; i < REQUESTS; i++) {
                client.toBlocking().exchange(liveness);
            }
            LOG.info("warmed up the HTTP client and server in {} ms", (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException e) {
            LOG.info("warm-up skipped: {}", e.getMessage());
        }
    }
}
