package dev.ecsdns.database;

import dev.ecsdns.common.ManagementPort;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Raw HTTP against the embedded server, the way any client would call it: exact bodies, headers and content types
 * in, status, headers and body out, no client-side binding in between.
 */
final class Http {

    private final HttpClient client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
    private final URI base;
    private final JsonMapper json;

    Http(EmbeddedServer server, JsonMapper json) {
        this(server.getURI(), json);
    }

    /** The same against the server's management port (health with details). */
    static Http management(EmbeddedServer server, JsonMapper json) {
        return new Http(ManagementPort.uri(server), json);
    }

    Http(URI base, JsonMapper json) {
        this.base = base;
        this.json = json;
    }

    Response get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    Response post(String path, @Nullable String body, String... headers) {
        return send("POST", path, body, headers);
    }

    Response put(String path, @Nullable String body, String... headers) {
        return send("PUT", path, body, headers);
    }

    Response delete(String path, String... headers) {
        return send("DELETE", path, null, headers);
    }

    /** Sends {@code body} as application/json unless {@code headers} (name, value, name, value...) say otherwise. */
    Response send(String method, String path, @Nullable String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        boolean typed = false;
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
            typed |= headers[i].equalsIgnoreCase("Content-Type");
        }
        if (body != null && !typed) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A request body for an item. */
    static String item(String name, int quantity) {
        return "{\"name\":\"" + name + "\",\"quantity\":" + quantity + "}";
    }

    /** Runs {@code count} copies of {@code call} released at the same instant and returns their answers. */
    static <T> List<T> concurrently(int count, Callable<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        CyclicBarrier start = new CyclicBarrier(count);
        try {
            List<Callable<T>> calls = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                calls.add(() -> {
                    start.await();
                    return call.call();
                });
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : pool.invokeAll(calls)) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    record Response(int status, java.net.http.HttpHeaders headers, String body, JsonMapper mapper) {

        @Nullable
        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        Map<String, Object> json() {
            try {
                return mapper.readValue(body, Argument.mapOf(String.class, Object.class));
            } catch (IOException e) {
                throw new UncheckedIOException("Not JSON: " + body, e);
            }
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items() {
            return (List<Map<String, Object>>) json().get("items");
        }

        @SuppressWarnings("unchecked")
        List<String> invalidParamNames() {
            List<Map<String, Object>> params = (List<Map<String, Object>>) json().get("invalid-params");
            return params == null ? List.of() : params.stream().map(p -> (String) p.get("name")).toList();
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
