package dev.ecsdns.web;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MediaType;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Form posts no browser would send (bytes that are not UTF-8, broken escapes, a field twice, another charset) get
 * 400 or 415 problem+json and never reach the api; a form the api may judge goes on as before.
 */
@MicronautTest
class MalformedFormTest extends FakeApiTest {

    private static final String FORM = MediaType.APPLICATION_FORM_URLENCODED;

    @ParameterizedTest
    @ValueSource(strings = {"name=a%FFb&quantity=1", "name=a%C0%AFb&quantity=1", "name=a%ED%A0%80&quantity=1",
        "name=caf%E9&quantity=1", "name=%&quantity=1", "name=a%zzb&quantity=1", "name=a%1&quantity=1"})
    void refusesAFormThatIsNotUtf8OrHasABrokenEscape(String body) {
        assertRefused(post("/items", body.getBytes(StandardCharsets.US_ASCII), FORM), 400, "\"name\":\"body\"");
    }

    @Test
    void refusesRawBytesThatAreNotUtf8() {
        byte[] body = {'n', 'a', 'm', 'e', '=', 'a', (byte) 0xff, '&', 'q', 'u', 'a', 'n', 't', 'i', 't', 'y', '=', '1'};

        assertRefused(post("/items", body, FORM), 400, "\"name\":\"body\"");
    }

    @Test
    void refusesAFieldSentTwiceNamingIt() {
        assertRefused(post("/items", utf8("name=a&name=b&quantity=1"), FORM), 400, "\"name\":\"name\"");
    }

    @Test
    void refusesAFieldTheFormsDoNotHave() {
        assertRefused(post("/items", utf8("name=a&quantity=1&price=3"), FORM), 400, "\"name\":\"price\"");
    }

    @Test
    void refusesAnIdempotencyKeyThePageCannotHaveRendered() {
        assertRefused(post("/items", utf8("name=a&quantity=1&idempotencyKey=%00"), FORM), 400,
            "\"name\":\"idempotencyKey\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {FORM + "; charset=latin1", FORM + "; charset=bogus", FORM + "; charset=utf-16"})
    void refusesAnotherCharsetWith415(String contentType) {
        assertRefused(post("/items", utf8("name=a&quantity=1"), contentType), 415, "\"status\":415");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cursor=", "version=abc", "version=", "version=99999999999999999999"})
    void refusesADeleteWithoutTheVersionThePageShowed(String body) {
        assertRefused(post("/items/" + java.util.UUID.randomUUID() + "/delete", utf8(body), FORM), 400,
            "\"name\":\"version\"");
    }

    @Test
    void passesAControlCharacterOnForTheApiToJudge() {
        HttpResponse<String> reply = post("/items", utf8("name=a%00b&quantity=1"), FORM);

        assertThat(reply.statusCode()).isEqualTo(422);
        assertThat(api.items()).isEmpty();
    }

    private void assertRefused(HttpResponse<String> reply, int status, String fragment) {
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(status);
        assertThat(reply.headers().firstValue(HttpHeaders.CONTENT_TYPE)).hasValueSatisfying(
            type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(reply.body()).contains(fragment).doesNotContain("Exception", "io.micronaut", "Failed to convert");
        assertThat(api.received()).as("nothing reaches the api").isEmpty();
    }

    /** Sent with the JDK's client: Micronaut's would encode a byte[] as form fields rather than send it as is. */
    private HttpResponse<String> post(String path, byte[] body, String contentType) {
        HttpRequest request = HttpRequest.newBuilder(server.getURI().resolve(path))
            .header(HttpHeaders.CONTENT_TYPE, contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
