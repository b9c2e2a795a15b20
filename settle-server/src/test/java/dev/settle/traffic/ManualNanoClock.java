package dev.settle.traffic;

import java.util.function.LongSupplier;

/** A nanosecond clock that moves only when a test moves it. */
final class ManualNanoClock implements LongSupplier {
    /** Far from zero, so code that mistakes an instant for a duration shows up. */
    static final long START_NANOS = 1_000_000_000_000L;

    private volatile long nanos = START_NANOS;

    @Override
    public long getAsLong() {
        return nanos;
    }

    void advanceNanos(long deltaNanos) {
        nanos += deltaNanos;
    }

    void advanceMillis(long deltaMillis) {
        advanceNanos(deltaMillis * 1_000_000L);
    }
}
