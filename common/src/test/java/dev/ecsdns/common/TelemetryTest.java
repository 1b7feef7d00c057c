package dev.ecsdns.common;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.ByteArrayOutputStream;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import io.micronaut.test.support.TestPropertyProvider;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Traces, access log and metrics of one service, in-process: spans travel to a Zipkin intake over real HTTP.
 */
@MicronautTest
@Property(name = "spec.name", value = "TelemetryTest")
@Property(name = "micronaut.application.name", value = "telemetry")
@Property(name = "otel.traces.exporter", value = "zipkin")
@Property(name = "otel.bsp.schedule.delay", value = "50")
@Property(name = "otel.exclusions[0]", value = "/health.*")
@Property(name = "otel.exclusions[1]", value = "/prometheus.*")
@Property(name = "otel.exclusions[2]", value = "/api/v2/spans")
@Property(name = "endpoints.health.enabled", value = "true")
@Property(name = "endpoints.prometheus.enabled", value = "true")
@Property(name = "endpoints.prometheus.sensitive", value = "false")
@Property(name = "micronaut.metrics.binders.web.enabled", value = "false")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TelemetryTest implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;
    @Inject
    ZipkinCollector zipkin;
    @Inject
    @Client("/")
    HttpClient client;

    private final ByteArrayOutputStream accessLines = new ByteArrayOutputStream();
    private final OutputStreamAppender<ILoggingEvent> accessLog = new OutputStreamAppender<>();

    /**
     * The exporter sends to this very server, so its port is chosen before the server starts; the "flaky" downstream
     * has two addresses, a closed port (a dead instance) and this server.
     */
    @Override
    public Map<String, String> getProperties() {
        int port = FreePort.next();
        return Map.of("micronaut.server.port", String.valueOf(port),
            "otel.exporter.zipkin.endpoint", "http://localhost:" + port + "/api/v2/spans",
            "micronaut.http.services.flaky.urls[0]", "http://127.0.0.1:" + FreePort.next(),
            "micronaut.http.services.flaky.urls[1]", "http://127.0.0.1:" + port);
    }

    @BeforeEach
    void captureTheAccessLog() {
        // Encoded as the services' console does: on the logging thread, while the request's span is current.
        JsonLogEncoder encoder = new JsonLogEncoder("telemetry", "test-1");
        encoder.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        encoder.start();
        accessLog.setContext(encoder.getContext());
        accessLog.setEncoder(encoder);
        accessLog.setImmediateFlush(true);
        accessLog.setOutputStream(accessLines);
        accessLog.start();
        ((Logger) LoggerFactory.getLogger(AccessLogFilter.LOGGER)).addAppender(accessLog);
    }

    @AfterEach
    void stopCapturing() {
        ((Logger) LoggerFactory.getLogger(AccessLogFilter.LOGGER)).detachAppender(accessLog);
    }

    @Test
    void oneRequestIsOneTraceWithAServerAndAClientSpanPerHop() throws InterruptedException {
        client.toBlocking().retrieve("/hop");

        List<Map<String, Object>> spans = zipkin.awaitSpan(span -> "get /hop".equalsIgnoreCase(name(span)));
        Map<String, Object> hop = only(spans, "SERVER", "/hop", null);
        Map<String, Object> call = spans.stream()
            .filter(s -> "CLIENT".equals(s.get("kind")) && hop.get("id").equals(s.get("parentId"))).findFirst().orElseThrow();
        Map<String, Object> leaf = only(spans, "SERVER", "/leaf", hop.get("traceId"));
        assertThat(leaf.get("traceId")).isEqualTo(hop.get("traceId")).isEqualTo(call.get("traceId"));
        assertThat(leaf.get("parentId")).isEqualTo(call.get("id"));
        assertThat(serviceName(hop)).isEqualTo("telemetry");
    }

    @Test
    void everyFailoverAttemptIsAClientSpanNamingTheAddressItTried() throws InterruptedException {
        // Round robin over a dead and a live address: within two calls one starts at the dead one and is retried.
        client.toBlocking().retrieve("/failover");
        client.toBlocking().retrieve("/failover");

        List<Map<String, Object>> spans = zipkin.awaitSpan(span -> "get /failover".equalsIgnoreCase(name(span)));
        List<Map<String, Object>> attempts = spans.stream()
            .filter(span -> "CLIENT".equals(span.get("kind")) && String.valueOf(span.get("tags")).contains("/leaf"))
            .filter(span -> spans.stream().anyMatch(server -> name(server).equalsIgnoreCase("get /failover")
                && server.get("id").equals(span.get("parentId"))))
            .toList();
        Map<Object, List<Map<String, Object>>> byParent = attempts.stream()
            .collect(java.util.stream.Collectors.groupingBy(span -> span.get("parentId")));
        assertThat(byParent.values()).anySatisfy(oneCall -> {
            assertThat(oneCall).hasSize(2);
            assertThat(oneCall).extracting(span -> urlOf(span)).doesNotHaveDuplicates()
                .allMatch(url -> url.startsWith("http://127.0.0.1:"));
            assertThat(oneCall).anyMatch(span -> tag(span, "error") != null || tag(span, "error.type") != null);
        });
    }

    @Test
    void healthChecksMakeNoSpans() throws InterruptedException {
        client.toBlocking().retrieve("/health/liveness");
        client.toBlocking().retrieve("/leaf?marker=health");

        List<Map<String, Object>> spans = zipkin.awaitSpan(span -> "get /leaf".equalsIgnoreCase(name(span)));

        assertThat(spans).noneMatch(span -> String.valueOf(span).contains("/health"));
    }

    @Test
    void writesOneAccessLineWithTheRouteTemplateStatusDurationAndTraceId() throws InterruptedException {
        client.toBlocking().retrieve("/items/42");

        String json = accessLines.toString(StandardCharsets.UTF_8).lines()
            .filter(line -> line.contains("/items/{id}")).findFirst().orElseThrow();
        Map<String, Object> server = only(zipkin.awaitSpan(span -> "get /items/{id}".equalsIgnoreCase(name(span))),
            "SERVER", "/items/{id}", null);
        assertThat(json)
            .contains("\"method\":\"GET\"", "\"path\":\"/items/{id}\"", "\"status\":200", "\"duration_ms\":")
            .contains("\"trace_id\":\"" + server.get("traceId") + "\"")
            .doesNotContain("/items/42");
    }

    @Test
    void servesTheRoutesTimersAndTheFailoverGaugesForPrometheus() {
        String leafServed = "http_server_requests_seconds_count{exception=\"none\",method=\"GET\",status=\"200\",uri=\"/leaf\"}";
        client.toBlocking().retrieve("/leaf");
        double before = sample(prometheus(), leafServed);
        client.toBlocking().retrieve("/leaf");

        String metrics = prometheus();

        assertThat(sample(metrics, leafServed)).as("one request, one sample").isEqualTo(before + 1);
        assertThat(metrics).contains("downstream_ejected_addresses ", "lameduck_draining ");
    }

    @Test
    void timesEachOutgoingAttemptPerDownstreamAnsweredOrNot() {
        // Round robin over a dead and a live address: within two calls one attempt finds no one listening.
        client.toBlocking().retrieve("/failover");
        client.toBlocking().retrieve("/failover");

        String metrics = prometheus();

        assertThat(sample(metrics,
            "http_client_requests_seconds_count{exception=\"none\",method=\"GET\",serviceId=\"flaky\",status=\"200\",uri=\"/leaf\"}"))
            .isGreaterThanOrEqualTo(2);
        assertThat(metrics.lines().filter(line -> line.startsWith("http_client_requests_seconds_count{")
            && line.contains("serviceId=\"flaky\"") && line.contains("status=\"" + RequestTimers.NO_ANSWER + "\"")))
            .as("the attempt at the dead address").isNotEmpty();
    }

    private String prometheus() {
        return HttpClient.create(server.getURL()).toBlocking().retrieve(HttpRequest.GET("/prometheus"));
    }

    /** The value of one Prometheus sample, given its name and labels exactly as printed. */
    private static double sample(String metrics, String nameAndLabels) {
        return metrics.lines().filter(line -> line.startsWith(nameAndLabels + " ")).findFirst()
            .map(line -> Double.parseDouble(line.substring(nameAndLabels.length() + 1).trim()))
            .orElseThrow(() -> new AssertionError("no sample " + nameAndLabels + " in\n" + metrics));
    }

    private static Map<String, Object> only(List<Map<String, Object>> spans, String kind, String route, Object traceId) {
        return spans.stream().filter(s -> kind.equals(s.get("kind")) && name(s).toLowerCase().endsWith(route))
            .filter(s -> traceId == null || traceId.equals(s.get("traceId")))
            .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " span for " + route + " in " + spans));
    }

    private static String urlOf(Map<String, Object> span) {
        return String.valueOf(tag(span, "url.full"));
    }

    @SuppressWarnings("unchecked")
    private static Object tag(Map<String, Object> span, String name) {
        return ((Map<String, Object>) span.getOrDefault("tags", Map.of())).get(name);
    }

    private static String name(Map<String, Object> span) {
        return String.valueOf(span.get("name"));
    }

    @SuppressWarnings("unchecked")
    private static String serviceName(Map<String, Object> span) {
        return String.valueOf(((Map<String, Object>) span.get("localEndpoint")).get("serviceName"));
    }

    /** A downstream behind two addresses, called the way web and api call theirs. */
    @Requires(property = "spec.name", value = "TelemetryTest")
    @DownstreamCall
    @Client(id = "flaky")
    interface FlakyClient {

        @Get("/leaf")
        String leaf();
    }

    @Requires(property = "spec.name", value = "TelemetryTest")
    @Controller
    static class HopController {

        private final HttpClient self;

        private final FlakyClient flaky;

        HopController(@Client("/") HttpClient self, FlakyClient flaky) {
            this.self = self;
            this.flaky = flaky;
        }

        @Get("/failover")
        @io.micronaut.scheduling.annotation.ExecuteOn(io.micronaut.scheduling.TaskExecutors.BLOCKING)
        String failover() {
            return flaky.leaf();
        }

        @Get("/hop")
        @io.micronaut.scheduling.annotation.ExecuteOn(io.micronaut.scheduling.TaskExecutors.BLOCKING)
        String hop() {
            return self.toBlocking().retrieve("/leaf");
        }

        @Get("/leaf")
        String leaf() {
            return "leaf";
        }

        @Get("/items/{id}")
        String item(String id) {
            return "item";
        }
    }
}
