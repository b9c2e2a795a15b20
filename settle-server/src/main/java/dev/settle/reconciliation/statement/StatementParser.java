package dev.settle.reconciliation.statement;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads one statement format into {@link StatementLine}s. Implementations stream: whatever the
 * size of the statement, they hold at most one record or entry (bounded by a named limit) at a time.
 * A parser instance holds no state between calls, so one instance may serve many threads.
 */
public interface StatementParser {
    /**
     * Reads the whole statement from {@code in} (streaming: memory bounded whatever the size),
     * giving each line to {@code sink} in file order. On a format error, no line after the bad
     * one has been given to the sink.
     */
    void parse(InputStream in, LineSink sink) throws StatementFormatException, IOException;

    /** Where parsed lines go, one at a time. */
    @FunctionalInterface
    interface LineSink {
        void accept(StatementLine line) throws IOException;
    }
}
