package dev.settle.cli.logs;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchingAppenderTest {
    private static final int BURST = 3_000;

    @TempDir
    Path directory;

    /** The real context: events read the MDC through it. */
    private final LoggerContext context = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();

    @Test
    void writesEveryLineInOrderAndWhatIsQueuedOnStop() throws IOException {
        Path file = directory.resolve("log");
        BatchingAppender appender = appender(file, 1_000);
        for (int i = 0; i < 500; i++) {
            appender.doAppend(event(Level.INFO, "line " + i));
        }
        appender.stop();

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(500);
        for (int i = 0; i < 500; i++) {
            assertThat(FlatJson.parse(lines.get(i))).containsEntry("message", "line " + i);
        }
    }

    @Test
    void beyondItsBoundItDropsInfoKeepsWarningsAndSaysHowManyItDropped() throws IOException {
        Path file = directory.resolve("log");
        BatchingAppender appender = appender(file, 10);
        // The writer takes the queue every 20 ms: 3,000 lines in a burst outrun a bound of 10.
        for (int i = 0; i < BURST; i++) {
            appender.doAppend(event(Level.INFO, "info " + i));
        }
        appender.doAppend(event(Level.ERROR, "an error is kept"));
        appender.stop();

        List<Map<String, Object>> lines = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            lines.add(FlatJson.parse(line));
        }
        long infos = lines.stream().filter(l -> l.get("message").toString().startsWith("info ")).count();
        assertThat(infos).isBetween(10L, BURST - 1L);
        assertThat(lines).anyMatch(l -> l.get("message").equals("an error is kept"));
        assertThat(lines).anyMatch(l -> l.get("level").equals("WARN") && l.get("logger").equals("settle.logs")
                && l.get("message").equals("dropped " + (BURST - infos)
                        + " log lines: the log could not be written as fast as lines came"));
    }

    private BatchingAppender appender(Path file, int queueSize) {
        JsonLineEncoder encoder = new JsonLineEncoder();
        encoder.setContext(context);
        encoder.start();
        BatchingAppender appender = new BatchingAppender();
        appender.setContext(context);
        appender.setName("test");
        appender.setFile(file.toString());
        appender.setQueueSize(queueSize);
        appender.setEncoder(encoder);
        appender.start();
        return appender;
    }

    private LoggingEvent event(Level level, String message) {
        return new LoggingEvent(BatchingAppenderTest.class.getName(), context.getLogger("dev.settle.test"), level,
                message, null, null);
    }
}
