package dev.ecsdns.common;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Zipkin's span intake ({@code POST /api/v2/spans}, JSON v2), enough for the OpenTelemetry Zipkin exporter to deliver
 * real spans over HTTP to this test server.
 */
@Singleton
@Requires(property = "spec.name", value = "TelemetryTest")
@Controller("/api/v2/spans")
class ZipkinCollector {

    private final List<Map<String, Object>> spans = new CopyOnWriteArrayList<>();
    private final JsonMapper json;

    ZipkinCollector(JsonMapper json) {
        this.json = json;
    }

    @Post(consumes = "application/json")
    HttpResponse<?> receive(@Body byte[] body) throws IOException {
        spans.addAll(json.readValue(body, Argument.listOf(Argument.mapOf(String.class, Object.class))));
        return HttpResponse.accepted();
    }

    /** Every span received so far once one matches, waiting up to 10 s for it. */
    List<Map<String, Object>> awaitSpan(Predicate<Map<String, Object>> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (spans.stream().anyMatch(wanted)) {
                return List.copyOf(spans);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no such span within 10 s; received: " + spans);
    }
}
