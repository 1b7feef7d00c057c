package dev.ecsdns.system;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ALB's routing on this machine, so one entry URL works the same without Docker, under compose and on AWS:
 * {@code /api} and {@code /api/*} go to the api instances, everything else to the web instances, each time to the
 * next instance in turn. Method, path and query, headers, body and the answer's status, headers and body pass
 * unchanged, except the hop-by-hop headers and the {@code X-Forwarded-*} headers an ALB adds. Like an ALB, it never
 * retries: an instance that does not answer gives the client a 502 problem.
 */
public final class LocalLoadBalancer implements AutoCloseable {

    /** Headers that describe one connection, not the message: never forwarded (RFC 9110 7.6.1), or set by the JDK. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection", "te", "trailer",
        "transfer-encoding", "upgrade", "host", "content-length", "expect", "proxy-authenticate", "proxy-authorization");
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final HttpClient client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(2))
        .build();
    private final TargetGroup api;
    private final TargetGroup web;

    /**
     * Listens on {@code listen} and routes to the given instances ({@code http://ip:port} each).
     */
    public LocalLoadBalancer(InetSocketAddress listen, List<URI> apiInstances, List<URI> webInstances) {
        this.api = new TargetGroup(apiInstances);
        this.web = new TargetGroup(webInstances);
        try {
            server = HttpServer.create(listen, 128);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + listen, e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::forward);
        server.start();
    }

    /** Where clients reach it, e.g. {@code http://127.0.0.1:8080}. */
    public URI uri() {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getHostString() + ":" + address.getPort());
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI requested = exchange.getRequestURI();
            URI target = targets(requested.getRawPath()).next().resolve(requested.getRawPath()
                + (requested.getRawQuery() == null ? "" : "?" + requested.getRawQuery()));
            HttpResponse<byte[]> answer;
            try {
                answer = client.send(request(exchange, target), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException unreachable) {
                answer(exchange, 502, Map.of("Content-Type", List.of("application/problem+json")),
                    ("{\"type\":\"about:blank\",\"title\":\"Bad Gateway\",\"status\":502,\"detail\":\"No answer from "
                        + target.getHost() + "\"}").getBytes(StandardCharsets.UTF_8));
                return;
            }
            answer(exchange, answer.statusCode(), answer.headers().map(), answer.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private TargetGroup targets(String path) {
        return path.equals("/api") || path.startsWith("/api/") ? api : web;
    }

    private static HttpRequest request(HttpExchange exchange, URI target) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(IDLE_TIMEOUT)
            .method(exchange.getRequestMethod(), body.length == 0
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        InetSocketAddress local = exchange.getLocalAddress();
        request.header("X-Forwarded-For", exchange.getRemoteAddress().getAddress().getHostAddress())
            .header("X-Forwarded-Proto", "http")
            .header("X-Forwarded-Port", String.valueOf(local.getPort()));
        return request.build();
    }

    private static void answer(HttpExchange exchange, int status, Map<String, List<String>> headers, byte[] body)
        throws IOException {
        Headers out = exchange.getResponseHeaders();
        headers.forEach((name, values) -> {
            if (!name.startsWith(":") && !HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                out.put(name, values);
            }
        });
        boolean noBody = body.length == 0 || status == 204 || status == 304 || exchange.getRequestMethod().equals("HEAD");
        // -1: no body at all; 0 would mean "chunked, length unknown".
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream stream = exchange.getResponseBody()) {
                stream.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    /** The instances of one service, taken in turn (round robin), as an ALB target group does by default. */
    private static final class TargetGroup {

        private final List<URI> instances;
        private final AtomicInteger turn = new AtomicInteger();

        TargetGroup(List<URI> instances) {
            if (instances.isEmpty()) {
                throw new IllegalArgumentException("a target group needs at least one instance");
            }
            this.instances = List.copyOf(instances);
        }

        URI next() {
            return instances.get(Math.floorMod(turn.getAndIncrement(), instances.size()));
        }
    }
}
