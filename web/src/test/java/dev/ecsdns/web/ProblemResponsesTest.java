package dev.ecsdns.web;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests that never reach the api keep common's problem+json shape; only the items page itself is HTML.
 */
@MicronautTest
// An address that needs no DNS lookup: none of these requests reaches the api.
@Property(name = "micronaut.http.services.api.url", value = "http://127.0.0.1:1")
class ProblemResponsesTest extends WebTest {

    @Test
    void unknownPathAnswers404ProblemJson() {
        Browser.Reply reply = browser.get("/no-such-page");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.header(HttpHeaders.CONTENT_TYPE)).startsWith("application/problem+json");
        assertThat(reply.body()).contains("\"status\":404", "\"instance\":\"/no-such-page\"");
    }

    @Test
    void getOnAFormTargetAnswers405ProblemJson() {
        Browser.Reply reply = browser.get("/items");

        assertThat(reply.status()).isEqualTo(405);
        assertThat(reply.header(HttpHeaders.CONTENT_TYPE)).startsWith("application/problem+json");
    }

    @Test
    void oversizedFormAnswers413ProblemJson() {
        String body = "name=" + "x".repeat(70_000) + "&quantity=1";

        Browser.Reply reply = browser.exchange(HttpRequest.POST("/items", body)
            .contentType(MediaType.APPLICATION_FORM_URLENCODED));

        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.header(HttpHeaders.CONTENT_TYPE)).startsWith("application/problem+json");
    }
}
