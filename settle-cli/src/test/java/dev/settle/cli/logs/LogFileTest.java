package dev.settle.cli.logs;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LogFileTest {

    @TempDir
    Path directory;

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

    /** The built-in configuration, whatever an earlier test in this JVM did to it (a bench redirects it). */
    @BeforeEach
    void startFromTheBuiltInConfiguration() throws Exception {
        restoreTheBuiltInConfiguration();
    }

    @AfterEach
    void restoreTheBuiltInConfiguration() throws Exception {
        context.reset();
        new ContextInitializer(context).autoConfig();
    }

    @Test
    void linesGoToTheFileAsJsonThroughABatchingAppenderLikeTheOneItReplaces() throws Exception {
        BatchingAppender configured = (BatchingAppender) rootLogger().getAppender("JSON");
        List<String> progress = new ArrayList<>();

        LogFile.redirectTo(directory, progress::add);
        LoggerFactory.getLogger("dev.settle.test").info("to the file {}", 42);

        Path file = directory.resolve(LogFile.NAME);
        assertThat(progress).containsExactly("settle bench: server logs go to " + file.toAbsolutePath());
        BatchingAppender now = (BatchingAppender) rootLogger().iteratorForAppenders().next();
        now.stop(); // writes out what is queued
        Map<String, Object> line = FlatJson.parse(Files.readAllLines(file).getFirst());
        assertThat(line).containsEntry("logger", "dev.settle.test").containsEntry("message", "to the file 42");
        assertThat(now.getQueueSize()).isEqualTo(configured.getQueueSize());
        assertThat(configured.isStarted()).as("the standard error appender").isFalse();
    }

    private ch.qos.logback.classic.Logger rootLogger() {
        return context.getLogger(Logger.ROOT_LOGGER_NAME);
    }
}
