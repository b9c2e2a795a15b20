package dev.settle.cli.logs;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * Moves the log from standard error to a file, for {@code settle bench}: its server runs in the
 * same process, and a line per request would bury the bench's progress. The file gets the same
 * JSON lines through a {@link BatchingAppender} with the same settings as the one it replaces,
 * so the bench pays what production pays for its logging. Logger levels stay as configured.
 */
public final class LogFile {
    /** The file's name inside the directory it goes to. */
    public static final String NAME = "settle.log";
    private static final String APPENDER_NAME = "SETTLE_LOG_FILE";

    private LogFile() {}

    /**
     * Sends every log line from now on to {@value #NAME} in {@code directory} (appended) and says
     * so on {@code progress}. Call it once the directory exists: the store refuses to create
     * itself in a directory that already holds a file.
     */
    public static void redirectTo(Path directory, Consumer<String> progress) {
        Path file = directory.resolve(NAME).toAbsolutePath();
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            progress.accept("settle bench: logging is not Logback here; server logs stay where they were");
            return;
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        List<Appender<ILoggingEvent>> previous = new ArrayList<>();
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            previous.add(it.next());
        }
        root.addAppender(fileAppender(context, file, configured(previous)));
        // The old appenders drain what they hold (to standard error) as they stop.
        for (Appender<ILoggingEvent> old : previous) {
            root.detachAppender(old);
            old.stop();
        }
        progress.accept("settle bench: server logs go to " + file);
    }

    private static BatchingAppender fileAppender(LoggerContext context, Path file, BatchingAppender settings) {
        JsonLineEncoder encoder = new JsonLineEncoder();
        encoder.setContext(context);
        encoder.start();
        BatchingAppender appender = new BatchingAppender();
        appender.setContext(context);
        appender.setName(APPENDER_NAME);
        appender.setFile(file.toString());
        appender.setEncoder(encoder);
        if (settings != null) {
            appender.setQueueSize(settings.getQueueSize());
        }
        appender.start();
        return appender;
    }

    /** The batching appender the configuration put on the root logger, or null. */
    private static BatchingAppender configured(List<Appender<ILoggingEvent>> appenders) {
        for (Appender<ILoggingEvent> appender : appenders) {
            if (appender instanceof BatchingAppender batching) {
                return batching;
            }
        }
        return null;
    }
}
