import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The local drill's stand-in for the public name's Route 53 failover records: an HTTP entry on loopback that sends
 * every request to the primary region's load balancer while the primary's health check passes, else to the
 * secondary's (and to the primary when both fail, as Route 53 does when every record of a failover pair is
 * unhealthy). The health checks follow Route 53's rules with the settings the drill passes (the template's): a number
 * of independent checkers, evenly staggered over the interval, each probing the path every interval; a probe passes
 * on a 2xx or 3xx status line within 4 s to connect and 2 s more to answer; a checker changes its verdict after the
 * failure threshold of consecutive failures (or as many successes); the region is healthy while more than 18 % of
 * its checkers say so. What Route 53 adds on top, the record's TTL in resolvers' caches, is not modelled: the entry
 * switches every client at once.
 *
 * <p>Run with {@code java GlobalEntry.java --port P --primary URL --secondary URL --path / --interval-seconds 10
 * --failure-threshold 3 --checkers 15}. Every answer carries {@code X-Drill-Region: primary|secondary}; each change
 * of a region's healthy checkers, of its health or of the answer is printed as a line starting with the epoch
 * milliseconds.
 */
public final class GlobalEntry {

    /** Route 53 calls an endpoint healthy while more than this share of its checkers report it healthy. */
    static final double HEALTHY_SHARE = 0.18;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(4);
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(2);
    /** Headers that belong to one connection, not to the request or answer (and those HttpClient sets itself). */
    static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "te", "trailer",
            "upgrade", "proxy-authorization", "proxy-authenticate", "host", "content-length", "expect");

    private final Region primary;
    private final Region secondary;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT).build();
    private volatile Region answering;

    GlobalEntry(Region primary, Region secondary) {
        this.primary = primary;
        this.secondary = secondary;
        this.answering = primary;
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = options(args);
        String path = options.get("path");
        Duration interval = Duration.ofSeconds(Integer.parseInt(options.get("interval-seconds")));
        int threshold = Integer.parseInt(options.get("failure-threshold"));
        int checkers = Integer.parseInt(options.get("checkers"));
        GlobalEntry entry = new GlobalEntry(
                new Region("primary", URI.create(options.get("primary")), path, checkers, threshold),
                new Region("secondary", URI.create(options.get("secondary")), path, checkers, threshold));
        ScheduledExecutorService probes = Executors.newScheduledThreadPool(4 * checkers);
        for (Region region : List.of(entry.primary, entry.secondary)) {
            region.schedule(probes, interval, entry::decide);
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1",
                Integer.parseInt(options.get("port"))), 512);
        server.createContext("/", entry::forward);
        server.setExecutor(Executors.newFixedThreadPool(64));
        server.start();
        log("listening on 127.0.0.1:" + options.get("port") + ": primary " + entry.primary.base + ", secondary "
                + entry.secondary.base + "; health checks GET " + path + " every " + interval.toSeconds() + " s, "
                + checkers + " checkers, " + threshold + " failures / successes");
    }

    /** Route 53's answer for a failover pair: the primary while healthy, else a healthy secondary, else the primary. */
    synchronized void decide() {
        Region next = primary.healthy() || !secondary.healthy() ? primary : secondary;
        if (next != answering) {
            answering = next;
            log("answering " + next.name);
        }
    }

    void forward(HttpExchange exchange) throws IOException {
        Region region = answering;
        try (exchange) {
            HttpRequest.Builder request = HttpRequest.newBuilder(region.base.resolve(exchange.getRequestURI()))
                    .timeout(Duration.ofSeconds(30))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(
                            exchange.getRequestBody().readAllBytes()));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            HttpResponse<byte[]> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                // What a client of the real name sees when the region it was given does not answer.
                reply(exchange, region, 502, Map.of("Content-Type", List.of("text/plain")),
                        ("no answer from the " + region.name + " region: " + e + "\n")
                                .getBytes(StandardCharsets.UTF_8));
                return;
            }
            reply(exchange, region, response.statusCode(), response.headers().map(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reply(HttpExchange exchange, Region region, int status, Map<String, List<String>> headers,
                              byte[] body) throws IOException {
        headers.forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        exchange.getResponseHeaders().set("X-Drill-Region", region.name);
        boolean noBody = body.length == 0 || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    static void log(String message) {
        System.out.println(System.currentTimeMillis() + " [global-entry] " + message);
        System.out.flush();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, not " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        for (String required : List.of("port", "primary", "secondary", "path", "interval-seconds",
                "failure-threshold", "checkers")) {
            if (!options.containsKey(required)) {
                throw new IllegalArgumentException("--" + required + " is required");
            }
        }
        return options;
    }

    /** One region's load balancer and the checkers that decide whether it is healthy. */
    static final class Region {

        final String name;
        final URI base;
        private final Checker[] checkers;
        private volatile boolean healthy = true;
        private int reporting;

        Region(String name, URI base, String path, int checkers, int threshold) {
            this.name = name;
            this.base = base;
            this.checkers = new Checker[checkers];
            for (int i = 0; i < checkers; i++) {
                this.checkers[i] = new Checker(base, path, threshold);
            }
            this.reporting = checkers;
        }

        boolean healthy() {
            return healthy;
        }

        /** Starts each checker at its own offset within the interval; after every probe, re-decides. */
        void schedule(ScheduledExecutorService probes, Duration interval, Runnable decide) {
            long step = interval.toMillis() / checkers.length;
            for (int i = 0; i < checkers.length; i++) {
                Checker checker = checkers[i];
                probes.scheduleAtFixedRate(() -> {
                    checker.probe();
                    update();
                    decide.run();
                }, i * step, interval.toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        private synchronized void update() {
            int up = 0;
            for (Checker checker : checkers) {
                up += checker.healthy ? 1 : 0;
            }
            if (up != reporting) {
                reporting = up;
                log(name + ": " + up + " of " + checkers.length + " checkers report it healthy");
            }
            boolean now = up > HEALTHY_SHARE * checkers.length;
            if (now != healthy) {
                healthy = now;
                log(name + (now ? " HEALTHY" : " UNHEALTHY"));
            }
        }
    }

    /** One Route 53 checker: its own verdict, changed by {@code threshold} consecutive probes that disagree. */
    static final class Checker {

        private final URI base;
        private final String path;
        private final int threshold;
        volatile boolean healthy = true;
        private int disagreeing;

        Checker(URI base, String path, int threshold) {
            this.base = base;
            this.path = path;
            this.threshold = threshold;
        }

        void probe() {
            boolean passed = passes();
            if (passed == healthy) {
                disagreeing = 0;
            } else if (++disagreeing >= threshold) {
                healthy = passed;
                disagreeing = 0;
            }
        }

        /** A status line of 2xx or 3xx: within 4 s to connect and 2 s more to answer, as Route 53 requires. */
        private boolean passes() {
            int port = base.getPort() == -1 ? 80 : base.getPort();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(base.getHost(), port), (int) CONNECT_TIMEOUT.toMillis());
                socket.setSoTimeout((int) ANSWER_TIMEOUT.toMillis());
                socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + base.getHost()
                        + "\r\nUser-Agent: Amazon-Route53-Health-Check-Service (drill)\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                String status = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.US_ASCII)).readLine();
                String[] parts = status == null ? new String[0] : status.split(" ");
                return parts.length >= 2 && (parts[1].startsWith("2") || parts[1].startsWith("3"));
            } catch (IOException e) {
                return false;
            }
        }
    }
}
