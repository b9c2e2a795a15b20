package dev.settle.cli.logs;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LogFileTest {
    private static final long WAIT_MILLIS = 10_000;
    private static final long POLL_MILLIS = 20;

    @TempDir
    Path directory;

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

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
        Map<String, Object> line = FlatJson.parse(awaitFirstLine(file));
        assertThat(line).containsEntry("logger", "dev.settle.test").containsEntry("message", "to the file 42");
        BatchingAppender now = (BatchingAppender) rootLogger().iteratorForAppenders().next();
        assertThat(now.getQueueSize()).isEqualTo(configured.getQueueSize());
        assertThat(configured.isStarted()).as("the standard error appender").isFalse();
    }

    private ch.qos.logback.classic.Logger rootLogger() {
        return context.getLogger(Logger.ROOT_LOGGER_NAME);
    }

    private static String awaitFirstLine(Path file) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                String text = Files.readString(file);
                if (text.indexOf('\n') > 0) {
                    return text.substring(0, text.indexOf('\n'));
                }
            }
            Thread.sleep(POLL_MILLIS);
        }
        throw new AssertionError("no line in " + file + " after " + WAIT_MILLIS + " ms");
    }
}
