package dev.ecsdns.common;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * CloudWatch metrics as CloudWatch Embedded Metric Format: once a minute, JSON lines on stdout that the awslogs
 * driver already ships and CloudWatch Logs turns into metrics in namespace {@code EcsDns}, dimension
 * {@code Service}. No SDK client, no extra permission, no call that could slow a 0.25 vCPU task.
 * <ul>
 *   <li>{@code Latency} (ms): every request's duration, up to 100 values a line, so CloudWatch computes exact
 *   percentiles across instances (p99) and its SampleCount is the request count;</li>
 *   <li>{@code Requests}, {@code Errors} (5xx) counts; {@code Retries}, {@code EjectedAddresses},
 *   {@code CircuitOpen}; {@code Instances} (1 per instance not draining: its Sum is the ready instances).</li>
 * </ul>
 * On only where {@code METRICS_EMF_ENABLED=true} (the AWS task definitions set it).
 */
@Singleton
@Requires(property = "metrics.emf.enabled", value = "true")
@Requires(beans = MeterRegistry.class)
public final class EmfMetrics {

    static final String NAMESPACE = "EcsDns";
    static final int VALUES_PER_LINE = 100;
    /** Latency values kept a minute: beyond it (over 166 requests/s on one instance) durations are not sampled. */
    static final int MAX_VALUES = 10_000;

    private final String service;
    private final MeterRegistry registry;
    private final PrintStream out;
    private final Clock clock;
    private final Object lock = new Object();
    private List<Double> latencies = new ArrayList<>();
    private long requests;
    private long errors;
    private double retriesSeen;

    @Inject
    EmfMetrics(@Value("${micronaut.application.name}") String service, MeterRegistry registry) {
        this(service, registry, System.out, Clock.systemUTC());
    }

    EmfMetrics(String service, MeterRegistry registry, PrintStream out, Clock clock) {
        this.service = service;
        this.registry = registry;
        this.out = out;
        this.clock = clock;
    }

    /** One served request (not a health check or a scrape). */
    public void record(int status, double millis) {
        synchronized (lock) {
            requests++;
            if (status >= 500) {
                errors++;
            }
            if (latencies.size() < MAX_VALUES) {
                latencies.add(Math.round(millis * 10) / 10.0);
            }
        }
    }

    @Scheduled(fixedRate = "${metrics.emf.interval:60s}", initialDelay = "${metrics.emf.interval:60s}")
    void publish() {
        List<Double> minute;
        long served;
        long failed;
        synchronized (lock) {
            minute = latencies;
            served = requests;
            failed = errors;
            latencies = new ArrayList<>();
            requests = 0;
            errors = 0;
        }
        double retries = registry.find(DownstreamMetrics.RETRIES).counters().stream().mapToDouble(Counter::count).sum();
        StringBuilder first = line(List.of("Requests", "Errors", "Retries", "EjectedAddresses", "CircuitOpen",
            "Instances"), minute.subList(0, Math.min(VALUES_PER_LINE, minute.size())));
        field(first, "Requests", served);
        field(first, "Errors", failed);
        field(first, "Retries", retries - retriesSeen);
        field(first, "EjectedAddresses", gaugeSum(DownstreamMetrics.EJECTED));
        field(first, "CircuitOpen", gaugeSum(DownstreamMetrics.CIRCUIT_OPEN));
        field(first, "Instances", 1 - gaugeSum(DownstreamMetrics.LAME_DUCK));
        retriesSeen = retries;
        out.println(first.append('}'));
        for (int from = VALUES_PER_LINE; from < minute.size(); from += VALUES_PER_LINE) {
            out.println(line(List.of(), minute.subList(from, Math.min(from + VALUES_PER_LINE, minute.size())))
                .append('}'));
        }
    }

    /** The EMF envelope naming the metrics of this line, the Service dimension, and the latency values if any. */
    private StringBuilder line(List<String> counts, List<Double> latency) {
        StringBuilder json = new StringBuilder(256 + latency.size() * 6)
            .append("{\"_aws\":{\"Timestamp\":").append(clock.millis())
            .append(",\"CloudWatchMetrics\":[{\"Namespace\":\"").append(NAMESPACE)
            .append("\",\"Dimensions\":[[\"Service\"]],\"Metrics\":[");
        List<String> metrics = new ArrayList<>();
        counts.forEach(name -> metrics.add("{\"Name\":\"" + name + "\",\"Unit\":\"Count\"}"));
        if (!latency.isEmpty()) {
            metrics.add("{\"Name\":\"Latency\",\"Unit\":\"Milliseconds\"}");
        }
        json.append(String.join(",", metrics)).append("]}]},\"Service\":\"").append(JsonLogEncoder.escape(service))
            .append('"');
        if (!latency.isEmpty()) {
            json.append(",\"Latency\":").append(latency.toString().replace(" ", ""));
        }
        return json;
    }

    private static void field(StringBuilder json, String name, double value) {
        json.append(",\"").append(name).append("\":").append(String.format(Locale.ROOT, "%.0f", value));
    }

    private double gaugeSum(String name) {
        return registry.find(name).gauges().stream().mapToDouble(Gauge::value).sum();
    }
}
