package dev.ecsdns.web;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.util.Map;

/**
 * A second embedded server in the test JVM that plays the api service; web's tests point their client at it.
 */
final class FakeApiServer implements AutoCloseable {

    private final EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class,
        Map.of("spec.name", "fake-api", "micronaut.application.name", "api"), "test");

    /** The web context's configuration: its api client calls this server. */
    Map<String, String> properties() {
        return Map.of("micronaut.http.services.api.url", server.getURL().toString());
    }

    FakeApi api() {
        return server.getApplicationContext().getBean(FakeApi.class);
    }

    @Override
    public void close() {
        server.close();
    }
}
