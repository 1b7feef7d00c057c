package dev.ecsdns.web;

import dev.ecsdns.common.ManagementPort;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.MalformedURLException;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The api's address refuses connections (nothing listens on port 1).
 */
@MicronautTest
class ApiDownTest extends WebTest implements TestPropertyProvider {

    @Override
    public Map<String, String> getProperties() {
        return Map.of("micronaut.http.services.api.url", "http://127.0.0.1:1");
    }

    @Test
    void pageStillRendersWithABannerAnd503WithinTwoSeconds() {
        long start = System.nanoTime();
        Browser.Reply reply = browser.get("/");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).isLessThan(Duration.ofSeconds(2));
        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.header(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
        assertThat(reply.header(HttpHeaders.CONTENT_TYPE)).startsWith("text/html");
        Document page = reply.document();
        assertThat(page.selectFirst("#api-unavailable").text())
            .isEqualTo("The item service is unavailable right now; try again shortly.");
        assertThat(page.selectFirst("#api-instance").text()).isEqualTo("unavailable");
        assertThat(reply.header("Served-By")).isEqualTo("web=" + page.selectFirst("#web-instance").text());
    }

    @Test
    void addingWhileTheApiIsDownKeepsTheInputAndTheIdempotencyKeyForARetry() {
        Element form = browser.open("/").selectFirst("form#add-item");
        String key = form.selectFirst("input[name=idempotencyKey]").val();

        Browser.Reply reply = browser.submit(form, Map.of("name", "Apples", "quantity", "3"));

        Document page = reply.document();
        assertThat(reply.status()).isEqualTo(503);
        assertThat(page.selectFirst("#api-unavailable")).isNotNull();
        assertThat(page.selectFirst("#alert").text()).isEqualTo("The item was not added.");
        assertThat(page.selectFirst("#add-name").val()).isEqualTo("Apples");
        assertThat(page.selectFirst("#add-quantity").val()).isEqualTo("3");
        assertThat(page.selectFirst("form#add-item input[name=idempotencyKey]").val()).isEqualTo(key);
    }

    @Test
    void whoamiAnswers503ProblemJsonWithRetryAfter() {
        Browser.Reply reply = browser.get("/whoami");

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.header(HttpHeaders.CONTENT_TYPE)).startsWith("application/problem+json");
        assertThat(reply.header(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
        assertThat(reply.body()).contains("\"status\":503", "\"instance\":\"/whoami\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/health", "/health/readiness", "/health/liveness"})
    void healthStaysUpSoTheLoadBalancerKeepsThisInstance(String path) {
        try (HttpClient management = HttpClient.create(ManagementPort.uri(server).toURL())) {
            Browser.Reply reply = new Browser(management).get(path);

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body()).contains("\"status\":\"UP\"");
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/health", "/health/readiness", "/health/liveness"})
    void servesNoHealthOnTheTrafficPort(String path) {
        assertThat(ManagementPort.of(server)).isNotEqualTo(server.getPort());
        assertThat(browser.get(path).status()).isEqualTo(404);
    }
}
