package dev.ecsdns.common;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.micronaut.json.JsonMapper;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JsonLogEncoderTest {

    private final LoggerContext context = new LoggerContext();
    private final JsonLogEncoder encoder = new JsonLogEncoder("api", "api-1/10.0.1.7");

    @Test
    void writesOneParsableObjectPerLineWithTheCurrentTraceAndTheEventsFields() throws IOException {
        LoggingEvent event = event("item \"x\"\nsaved");
        event.addKeyValuePair(new KeyValuePair("status", 201));
        event.addKeyValuePair(new KeyValuePair("path", "/api/items"));
        SpanContext span = SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
            TraceFlags.getSampled(), TraceState.getDefault());

        String line;
        try (Scope ignored = Span.wrap(span).makeCurrent()) {
            line = new String(encoder.encode(event), StandardCharsets.UTF_8);
        }

        assertThat(line).endsWith("}\n").doesNotContain("\n{").hasLineCount(1);
        Map<String, Object> fields = parse(line);
        assertThat(fields).containsEntry("level", "INFO").containsEntry("service", "api")
            .containsEntry("instance", "api-1/10.0.1.7").containsEntry("logger", "dev.ecsdns.api.Items")
            .containsEntry("message", "item \"x\"\nsaved")
            .containsEntry("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736").containsEntry("span_id", "00f067aa0ba902b7")
            .containsEntry("status", 201).containsEntry("path", "/api/items")
            .containsKey("time");
    }

    @Test
    void leavesTheTraceOutWhenNoSpanIsCurrentAndKeepsTheStackTrace() throws IOException {
        LoggingEvent event = event("failed");
        event.setThrowableProxy(new ch.qos.logback.classic.spi.ThrowableProxy(new IllegalStateException("boom")));

        Map<String, Object> fields = parse(new String(encoder.encode(event), StandardCharsets.UTF_8));

        assertThat(fields).doesNotContainKeys("trace_id", "span_id");
        assertThat((String) fields.get("stack")).startsWith("java.lang.IllegalStateException: boom");
    }

    private LoggingEvent event(String message) {
        return new LoggingEvent("test", context.getLogger("dev.ecsdns.api.Items"), Level.INFO, message, null, null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String line) throws IOException {
        return JsonMapper.createDefault().readValue(line, Map.class);
    }
}
