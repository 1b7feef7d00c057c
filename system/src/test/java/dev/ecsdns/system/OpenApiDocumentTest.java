package dev.ecsdns.system;

import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLSession;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The conformance checks catch what they claim to: undocumented statuses, bodies, types and headers. */
class OpenApiDocumentTest {

    private static final String DOCUMENT = """
        openapi: 3.0.1
        paths:
          /api/items/{id}:
            get:
              responses:
                "200":
                  headers:
                    ETag:
                      schema: {type: string}
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Item"}
                "404":
                  content:
                    application/problem+json:
                      schema: {$ref: "#/components/schemas/Problem"}
        components:
          schemas:
            Item:
              type: object
              required: [id, quantity]
              properties:
                id: {type: string}
                quantity: {type: integer}
                next: {type: string, nullable: true}
            Problem:
              type: object
              required: [status]
              properties:
                status: {type: integer}
        """;

    private final OpenApiDocument document = new OpenApiDocument(DOCUMENT);

    @Test
    void acceptsAnAnswerThatMatchesStatusMediaTypeHeadersAndSchema() {
        assertThat(document.violations("GET", "/api/items/{id}", answer(200, "application/json",
            "{\"id\":\"a\",\"quantity\":1,\"next\":null}", "ETag", "\"1\""))).isEmpty();
    }

    @Test
    void reportsABodyOfTheWrongShape() {
        assertThat(document.violations("GET", "/api/items/{id}", answer(200, "application/json",
            "{\"id\":\"a\",\"quantity\":\"many\"}", "ETag", "\"1\""))).singleElement().asString().contains("quantity");
    }

    @Test
    void reportsAnUndocumentedStatusMediaTypeOrHeader() {
        assertThat(document.violations("GET", "/api/items/{id}", answer(500, "application/json", "{}")))
            .singleElement().asString().contains("status not documented");
        assertThat(document.violations("GET", "/api/items/{id}", answer(404, "application/json", "{\"status\":404}")))
            .singleElement().asString().contains("Content-Type application/json not documented");
        assertThat(document.violations("GET", "/api/items/{id}", answer(200, "application/json",
            "{\"id\":\"a\",\"quantity\":1}"))).singleElement().asString().contains("etag documented but not sent");
        assertThat(document.violations("GET", "/api/items/{id}", answer(404, "application/problem+json",
            "{\"status\":404}", "Retry-After", "2"))).singleElement().asString().contains("retry-after sent but not documented");
    }

    private static HttpResponse<String> answer(int status, String contentType, String body, String... headers) {
        Map<String, List<String>> map = new java.util.HashMap<>(Map.of("Content-Type", List.of(contentType)));
        for (int i = 0; i < headers.length; i += 2) {
            map.put(headers[i], List.of(headers[i + 1]));
        }
        return new Answer(status, HttpHeaders.of(map, (name, value) -> true), body);
    }

    private record Answer(int statusCode, HttpHeaders headers, String body) implements HttpResponse<String> {

        @Override
        public HttpRequest request() {
            return HttpRequest.newBuilder(URI.create("http://localhost/")).build();
        }

        @Override
        public Optional<HttpResponse<String>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public URI uri() {
            return request().uri();
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
