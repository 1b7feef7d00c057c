package dev.ecsdns.common;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Every service's log set-up in code: one console appender, INFO at the root, writing one JSON object per line
 * ({@link JsonLogEncoder}) in containers and on AWS, or a readable line in a terminal. {@code LOG_FORMAT=json|text}
 * (or {@code -Dlog.format}) chooses; without it, a terminal gets text and anything else (a container, a pipe, a
 * file) JSON. Logback's XML configuration (Joran,
 * a SAX parser and its model) cost about half a second of a CPU at start-up, a third of the whole start on one CPU
 * and more at 0.25 vCPU; this does the same in a few milliseconds.
 * <p>
 * Logback's own ways to configure still win: {@code -Dlogback.configurationFile=...}, or a {@code logback.xml} /
 * {@code logback-test.xml} on the class path (the tests' quieter set-up), hand over to Logback's XML configurator.
 * Levels per logger come from Micronaut's {@code logger.levels.*} configuration as usual
 * (env {@code LOGGER_LEVELS_DEV_ECSDNS=DEBUG}).
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogConfigurator extends ContextAwareBase implements Configurator {

    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n";
    static final String FORMAT_VARIABLE = "LOG_FORMAT";
    static final String FORMAT_PROPERTY = "log.format";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (xmlConfigurationGiven()) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        String format = System.getProperty(FORMAT_PROPERTY, System.getenv(FORMAT_VARIABLE));
        Encoder<ILoggingEvent> encoder = json(format, System.console() != null)
            ? new JsonLogEncoder(ServiceLauncher.serviceName(), InstanceIdentity.hostName())
            : pattern();
        encoder.setContext(context);
        encoder.start();

        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("STDOUT");
        console.setEncoder(encoder);
        console.start();

        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(console);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** JSON unless asked for text, or unless a person watches a terminal and nobody asked for anything. */
    static boolean json(String format, boolean terminal) {
        if (format == null || format.isBlank()) {
            return !terminal;
        }
        return !"text".equalsIgnoreCase(format.strip());
    }

    private static PatternLayoutEncoder pattern() {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setPattern(PATTERN);
        return encoder;
    }

    private static boolean xmlConfigurationGiven() {
        if (System.getProperty("logback.configurationFile") != null) {
            return true;
        }
        ClassLoader loader = LogConfigurator.class.getClassLoader();
        return loader.getResource("logback-test.xml") != null || loader.getResource("logback.xml") != null;
    }
}
