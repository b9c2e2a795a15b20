package dev.settle.tracing;

import java.time.Instant;

/**
 * Turns monotonic times ({@link System#nanoTime}, which the request and pod stages are timed with)
 * into the wall-clock nanoseconds spans carry, from one reading of both clocks at start. Spans of
 * one process then keep their exact durations and order even when the wall clock is stepped.
 */
final class EpochClock {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long anchorEpochNanos;
    private final long anchorMonotonicNanos;

    private EpochClock(long anchorEpochNanos, long anchorMonotonicNanos) {
        this.anchorEpochNanos = anchorEpochNanos;
        this.anchorMonotonicNanos = anchorMonotonicNanos;
    }

    /** Anchored now. */
    static EpochClock anchored() {
        Instant now = Instant.now();
        return new EpochClock(now.getEpochSecond() * NANOS_PER_SECOND + now.getNano(), RequestTrace.nowNanos());
    }

    long epochNanos(long monotonicNanos) {
        return anchorEpochNanos + (monotonicNanos - anchorMonotonicNanos);
    }
}
