package dev.ecsdns.common;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EmfMetricsTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final EmfMetrics metrics = new EmfMetrics("api", registry, new PrintStream(stdout, true, StandardCharsets.UTF_8),
        Clock.fixed(Instant.parse("2026-11-29T18:00:00Z"), ZoneOffset.UTC));

    @Test
    void writesAMinuteAsEmbeddedMetricFormatLinesWithEveryLatencyValue() throws IOException {
        for (int i = 0; i < 150; i++) {
            metrics.record(i < 2 ? 503 : 200, i);
        }
        Counter.builder(DownstreamMetrics.RETRIES).tag("downstream", "database").register(registry).increment(4);
        Gauge.builder(DownstreamMetrics.EJECTED, () -> 1).register(registry);
        Gauge.builder(DownstreamMetrics.LAME_DUCK, () -> 0).register(registry);

        metrics.publish();

        List<Map<String, Object>> lines = lines();
        assertThat(lines).hasSize(2).allSatisfy(EmfMetricsTest::isValidEmf);
        assertThat(lines.get(0)).containsEntry("Service", "api").containsEntry("Requests", 150).containsEntry("Errors", 2)
            .containsEntry("Retries", 4).containsEntry("EjectedAddresses", 1).containsEntry("CircuitOpen", 0)
            .containsEntry("Instances", 1);
        assertThat(latency(lines.get(0))).hasSize(100).startsWith(0.0, 1.0);
        assertThat(latency(lines.get(1))).hasSize(50).endsWith(149.0);
    }

    @Test
    void startsEveryMinuteAfreshAndCountsOnlyNewRetries() throws IOException {
        Counter retries = Counter.builder(DownstreamMetrics.RETRIES).register(registry);
        retries.increment(3);
        metrics.record(200, 5);
        metrics.publish();
        stdout.reset();
        retries.increment();

        metrics.publish();

        assertThat(lines()).singleElement().satisfies(line -> {
            isValidEmf(line);
            assertThat(line).containsEntry("Requests", 0).containsEntry("Retries", 1).doesNotContainKey("Latency");
        });
    }

    @SuppressWarnings("unchecked")
    private static List<Double> latency(Map<String, Object> line) {
        return ((List<Number>) line.get("Latency")).stream().map(Number::doubleValue).toList();
    }

    /** Every metric the envelope names is a member of the line, in namespace EcsDns with the Service dimension. */
    @SuppressWarnings("unchecked")
    private static void isValidEmf(Map<String, Object> line) {
        Map<String, Object> aws = (Map<String, Object>) line.get("_aws");
        assertThat(aws.get("Timestamp")).isEqualTo(Instant.parse("2026-11-29T18:00:00Z").toEpochMilli());
        Map<String, Object> directive = ((List<Map<String, Object>>) aws.get("CloudWatchMetrics")).get(0);
        assertThat(directive).containsEntry("Namespace", "EcsDns").containsEntry("Dimensions", List.of(List.of("Service")));
        for (Map<String, Object> metric : (List<Map<String, Object>>) directive.get("Metrics")) {
            assertThat(line).containsKey((String) metric.get("Name"));
        }
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> lines() throws IOException {
        List<Map<String, Object>> parsed = new ArrayList<>();
        for (String line : stdout.toString(StandardCharsets.UTF_8).split("\n")) {
            parsed.add(JsonMapper.createDefault().readValue(line, Map.class));
        }
        return parsed;
    }
}
