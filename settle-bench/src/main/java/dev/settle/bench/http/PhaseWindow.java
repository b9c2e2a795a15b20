package dev.settle.bench.http;

import java.util.concurrent.TimeUnit;

/**
 * When a phase runs, on the {@link System#nanoTime} clock: from {@code startNanos} the
 * connections send; answers that arrive in {@code [measureFromNanos, endNanos)} are measured;
 * at {@code endNanos} the connections stop sending.
 */
record PhaseWindow(long startNanos, long measureFromNanos, long endNanos) {
    PhaseWindow {
        if (measureFromNanos - startNanos < 0 || endNanos - measureFromNanos <= 0) {
            throw new IllegalArgumentException("a phase window needs start <= measure-from < end");
        }
    }

    static PhaseWindow startingAt(long startNanos, int warmupSeconds, int durationSeconds) {
        long measureFromNanos = startNanos + TimeUnit.SECONDS.toNanos(warmupSeconds);
        return new PhaseWindow(startNanos, measureFromNanos, measureFromNanos + TimeUnit.SECONDS.toNanos(durationSeconds));
    }

    /** Whether an answer that arrived at {@code nanos} is measured (nanoTime values compare by difference). */
    boolean measures(long nanos) {
        return nanos - measureFromNanos >= 0 && nanos - endNanos < 0;
    }

    boolean isOver(long nanos) {
        return nanos - endNanos >= 0;
    }

    double measuredSeconds() {
        return (endNanos - measureFromNanos) / 1e9;
    }
}
