package dev.ecsdns.common;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

class LogConfiguratorTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty("logback.configurationFile");
    }

    @Test
    void isLogbacksConfiguratorThroughTheServiceLoader() {
        List<String> found = new ArrayList<>();
        ServiceLoader.load(ch.qos.logback.classic.spi.Configurator.class)
            .forEach(configurator -> found.add(configurator.getClass().getName()));

        assertThat(found).contains(LogConfigurator.class.getName());
    }

    @Test
    void setsUpOneConsoleAppenderAtInfoWritingJsonWhenNoTerminalIsAttached() {
        LoggerContext context = new LoggerContext();

        ExecutionStatus status = new LogConfigurator().configure(context);

        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
        root.iteratorForAppenders().forEachRemaining(appenders::add);
        assertThat(status).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        assertThat(appenders).singleElement().isInstanceOfSatisfying(ConsoleAppender.class, console -> {
            assertThat(console.isStarted()).isTrue();
            assertThat(console.getEncoder()).isInstanceOf(JsonLogEncoder.class);
        });
    }

    @Test
    void writesJsonInContainersAndReadableLinesInATerminalUnlessLogFormatSaysOtherwise() {
        assertThat(LogConfigurator.json(null, false)).isTrue();
        assertThat(LogConfigurator.json(null, true)).isFalse();
        assertThat(LogConfigurator.json("text", false)).isFalse();
        assertThat(LogConfigurator.json("json", true)).isTrue();
    }

    @Test
    void handsOverToLogbacksXmlConfigurationWhenAFileIsGiven() {
        System.setProperty("logback.configurationFile", "/etc/my-logback.xml");
        LoggerContext context = new LoggerContext();

        ExecutionStatus status = new LogConfigurator().configure(context);

        assertThat(status).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext()).isFalse();
    }
}
