package dev.ecsdns.api;

import dev.ecsdns.common.ManagementPort;
import dev.ecsdns.common.Problem;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Real HTTP calls to the api under test. Requests are written with Micronaut's builder and sent by the JDK's client,
 * which sends exactly the headers given (Micronaut's client adds a JSON Content-Type to any body) and hands back
 * every answer, error statuses included, as text.
 */
final class ApiCalls {

    static final String JSON = "application/json";

    private final HttpClient client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
    private final URI base;
    private final JsonMapper json;

    ApiCalls(EmbeddedServer api) {
        this(api, api.getURI());
    }

    private ApiCalls(EmbeddedServer api, URI base) {
        this.base = base;
        this.json = api.getApplicationContext().getBean(JsonMapper.class);
    }

    /** Calls to the api's management port (health with details). */
    static ApiCalls management(EmbeddedServer api) {
        return new ApiCalls(api, ManagementPort.uri(api));
    }

    Reply send(MutableHttpRequest<?> request) {
        String body = request.getBody(String.class).orElse(null);
        java.net.http.HttpRequest.Builder jdk = java.net.http.HttpRequest.newBuilder(base.resolve(request.getUri().toString()))
            .timeout(Duration.ofSeconds(10))
            .method(request.getMethodName(), body == null
                ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(body));
        for (Map.Entry<String, List<String>> header : request.getHeaders()) {
            header.getValue().forEach(value -> jdk.header(header.getKey(), value));
        }
        try {
            return new Reply(client.send(jdk.build(), HttpResponse.BodyHandlers.ofString()), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Reply get(String path) {
        return send(HttpRequest.GET(path));
    }

    Reply post(String path, String body) {
        return send(HttpRequest.POST(path, body).contentType(JSON));
    }

    /** One answer: status, headers and body, with the body readable as any wire type. */
    record Reply(HttpResponse<String> response, JsonMapper json) {

        int status() {
            return response.statusCode();
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        String contentType() {
            return response.headers().firstValue("Content-Type").orElse("");
        }

        String body() {
            return response.body();
        }

        <T> T as(Class<T> type) {
            try {
                return json.readValue(body(), type);
            } catch (IOException e) {
                throw new UncheckedIOException("not a " + type.getSimpleName() + ": " + body(), e);
            }
        }

        Problem problem() {
            return as(Problem.class);
        }
    }
}
