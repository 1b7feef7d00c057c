package dev.ecsdns.web;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * What every web test shares: web in an embedded server, and a fresh {@link Browser} on it for each test.
 * Subclasses carry {@code @MicronautTest} and say where the api is.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WebTest {

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    EmbeddedServer server;

    Browser browser;

    @BeforeEach
    void newBrowser() {
        browser = new Browser(client);
    }
}
