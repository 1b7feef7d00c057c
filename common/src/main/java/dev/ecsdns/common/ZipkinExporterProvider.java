package dev.ecsdns.common;

import io.micronaut.tracing.opentelemetry.OpenTelemetryBuilderCustomizer;
import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import jakarta.inject.Singleton;
import zipkin2.reporter.urlconnection.URLConnectionSender;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code OTEL_TRACES_EXPORTER=zipkin} with the JDK's HttpURLConnection as the sender. OpenTelemetry's own Zipkin
 * provider always sends with OkHttp, which loads OkHttp, Okio and Kotlin's standard library and builds a TLS context
 * at start (about 450 classes on a plain-HTTP path); its sender is excluded from the build and this provider takes
 * the name {@code zipkin} in its place, reading the same variables: {@code OTEL_EXPORTER_ZIPKIN_ENDPOINT} and
 * {@code OTEL_EXPORTER_ZIPKIN_TIMEOUT}. Spans are sent gzip-compressed, like OpenTelemetry's.
 */
@Singleton
final class ZipkinExporterProvider implements OpenTelemetryBuilderCustomizer, ConfigurableSpanExporterProvider {

    static final String DEFAULT_ENDPOINT = "http://localhost:9411/api/v2/spans";

    @Override
    public void configure(AutoConfiguredOpenTelemetrySdkBuilder builder) {
        ComponentLoader classpath = ComponentLoader.forClassLoader(ZipkinExporterProvider.class.getClassLoader());
        builder.setComponentLoader(new ComponentLoader() {
            @Override
            public <T> Iterable<T> load(Class<T> spi) {
                Iterable<T> found = classpath.load(spi);
                if (spi != ConfigurableSpanExporterProvider.class) {
                    return found;
                }
                List<T> providers = new ArrayList<>();
                for (T provider : found) {
                    if (!getName().equals(((ConfigurableSpanExporterProvider) provider).getName())) {
                        providers.add(provider);
                    }
                }
                providers.add(spi.cast(ZipkinExporterProvider.this));
                return providers;
            }
        });
    }

    @Override
    public String getName() {
        return "zipkin";
    }

    @Override
    public SpanExporter createExporter(ConfigProperties config) {
        int timeoutMillis = Math.toIntExact(
                config.getDuration("otel.exporter.zipkin.timeout", Duration.ofSeconds(10)).toMillis());
        URLConnectionSender sender = URLConnectionSender.newBuilder()
                .endpoint(config.getString("otel.exporter.zipkin.endpoint", DEFAULT_ENDPOINT))
                .connectTimeout(timeoutMillis)
                .readTimeout(timeoutMillis)
                .build();
        return ZipkinSpanExporter.builder().setSender(sender).build();
    }
}
