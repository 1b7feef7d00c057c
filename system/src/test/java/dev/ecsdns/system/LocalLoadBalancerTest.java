package dev.ecsdns.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local load balancer in front of stand-in instances that echo what they received: routing by path as the ALB's
 * listener rule does, faithful forwarding both ways, and round robin over the instances of a service.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalLoadBalancerTest {

    private final List<HttpServer> instances = new ArrayList<>();
    private LocalLoadBalancer alb;
    private String base;

    @BeforeAll
    void start() {
        alb = new LocalLoadBalancer(new InetSocketAddress("127.0.0.1", 0),
            List.of(echo("api-1"), echo("api-2")), List.of(echo("web-1")));
        base = alb.uri().toString();
    }

    @AfterAll
    void stop() {
        alb.close();
        instances.forEach(server -> server.stop(0));
    }

    @ParameterizedTest
    @CsvSource({"/api/items, api", "/api, api", "/api/whoami?x=1, api", "/, web", "/items, web", "/apiary, web",
        "/whoami, web"})
    void routesApiPathsToApiAndEverythingElseToWeb(String path, String service) {
        assertThat(echoed(Http.get(base + path)).get("instance").asText()).startsWith(service + "-");
    }

    @Test
    void forwardsMethodPathQueryHeadersAndBodyUnchanged() {
        HttpResponse<String> response = Http.send("PUT", base + "/api/items/a%20b?limit=2&cursor=x%2By",
            "application/json", "{\"name\":\"é\",\"quantity\":1}", "If-Match", "\"3\"", "Idempotency-Key", "k-1");

        JsonNode echoed = echoed(response);
        assertThat(echoed.get("method").asText()).isEqualTo("PUT");
        assertThat(echoed.get("uri").asText()).isEqualTo("/api/items/a%20b?limit=2&cursor=x%2By");
        assertThat(echoed.at("/headers/If-match/0").asText()).isEqualTo("\"3\"");
        assertThat(echoed.at("/headers/Idempotency-key/0").asText()).isEqualTo("k-1");
        assertThat(echoed.at("/headers/Content-type/0").asText()).isEqualTo("application/json");
        assertThat(echoed.at("/headers/X-forwarded-for/0").asText()).isEqualTo("127.0.0.1");
        assertThat(echoed.get("body").asText()).isEqualTo("{\"name\":\"é\",\"quantity\":1}");
    }

    @ParameterizedTest
    @CsvSource({"201", "204", "303", "412", "428", "503"})
    void passesTheStatusHeadersAndBodyBackUnchanged(int status) {
        HttpResponse<String> response = Http.send("POST", base + "/api/items", "text/plain", "x",
            "X-Answer-Status", String.valueOf(status));

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("ETag")).hasValue("\"7\"");
        assertThat(response.headers().allValues("X-Twice")).containsExactly("a", "b");
        if (status == 204) {
            assertThat(response.body()).isEmpty();
        } else {
            assertThat(echoed(response).get("method").asText()).isEqualTo("POST");
        }
    }

    @Test
    void spreadsRequestsOverEveryInstanceInTurn() {
        Map<String, Long> servedBy = IntStream.range(0, 10)
            .mapToObj(i -> echoed(Http.get(base + "/api/whoami")).get("instance").asText())
            .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));

        assertThat(servedBy).containsExactlyInAnyOrderEntriesOf(Map.of("api-1", 5L, "api-2", 5L));
    }

    @Test
    void answers502ProblemWhenAnInstanceDoesNotAnswer() {
        URI closed = URI.create("http://127.0.0.1:" + Topology.freePort());
        try (LocalLoadBalancer broken = new LocalLoadBalancer(new InetSocketAddress("127.0.0.1", 0), List.of(closed),
            List.of(closed))) {
            HttpResponse<String> response = Http.get(broken.uri() + "/api/items");

            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(Json.parse(response.body()).get("status").asInt()).isEqualTo(502);
        }
    }

    private static JsonNode echoed(HttpResponse<String> response) {
        return Json.parse(response.body());
    }

    /** An instance that answers with what it received, as JSON, and the status the X-Answer-Status header asks for. */
    private URI echo(String name) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            server.createContext("/", exchange -> answer(exchange, name));
            server.start();
            instances.add(server);
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void answer(HttpExchange exchange, String name) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String headers = exchange.getRequestHeaders().entrySet().stream()
                .map(e -> quote(e.getKey()) + ":[" + e.getValue().stream().map(LocalLoadBalancerTest::quote)
                    .collect(Collectors.joining(",")) + "]")
                .collect(Collectors.joining(","));
            byte[] echo = ("{\"instance\":" + quote(name) + ",\"method\":" + quote(exchange.getRequestMethod())
                + ",\"uri\":" + quote(exchange.getRequestURI().toString()) + ",\"headers\":{" + headers + "}"
                + ",\"body\":" + quote(body) + "}").getBytes(StandardCharsets.UTF_8);
            int status = Integer.parseInt(exchange.getRequestHeaders().getFirst("X-Answer-Status") == null
                ? "200" : exchange.getRequestHeaders().getFirst("X-Answer-Status"));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("ETag", "\"7\"");
            exchange.getResponseHeaders().add("X-Twice", "a");
            exchange.getResponseHeaders().add("X-Twice", "b");
            exchange.sendResponseHeaders(status, status == 204 ? -1 : echo.length);
            if (status != 204) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(echo);
                }
            }
        }
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
