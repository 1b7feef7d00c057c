package dev.ecsdns.common;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import org.slf4j.event.KeyValuePair;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One JSON object per line, the shape CloudWatch Logs Insights and {@code jq} read without a parse pattern:
 * time, level, service, instance, logger, thread, message, trace_id and span_id of the current OpenTelemetry span,
 * then the event's key-value pairs (the access log's method, path, status, duration_ms) and any stack trace.
 */
final class JsonLogEncoder extends EncoderBase<ILoggingEvent> {

    private final String service;
    private final String instance;

    JsonLogEncoder(String service, String instance) {
        this.service = service;
        this.instance = instance;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        StringBuilder json = new StringBuilder(256).append('{');
        field(json, "time", Instant.ofEpochMilli(event.getTimeStamp()).toString());
        field(json, "level", event.getLevel().toString());
        field(json, "service", service);
        field(json, "instance", instance);
        field(json, "logger", event.getLoggerName());
        field(json, "thread", event.getThreadName());
        field(json, "message", event.getFormattedMessage());
        SpanContext span = Span.current().getSpanContext();
        if (span.isValid()) {
            field(json, "trace_id", span.getTraceId());
            field(json, "span_id", span.getSpanId());
        }
        if (event.getKeyValuePairs() != null) {
            for (KeyValuePair pair : event.getKeyValuePairs()) {
                if (pair.value instanceof Number number) {
                    appendEscaped(json.append(",\""), pair.key).append("\":").append(number);
                } else {
                    field(json, pair.key, String.valueOf(pair.value));
                }
            }
        }
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            field(json, "stack", ThrowableProxyUtil.asString(thrown));
        }
        return json.append("}\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }

    private static void field(StringBuilder json, String name, String value) {
        if (json.length() > 1) {
            json.append(',');
        }
        appendEscaped(appendEscaped(json.append('"'), name).append("\":\""), value).append('"');
    }

    static String escape(String text) {
        return appendEscaped(new StringBuilder(text.length() + 8), text).toString();
    }

    /** Appends the text as the inside of a JSON string, straight into the line (no copy per field). */
    static StringBuilder appendEscaped(StringBuilder out, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out;
    }
}
