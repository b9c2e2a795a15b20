package dev.settle.pod;

import java.time.Instant;

/** Where a pod's batches get their time. The engine itself never reads a clock. */
@FunctionalInterface
public interface LedgerClock {
    /** Nanoseconds since the Unix epoch. */
    long nowNanos();

    /** The system's real-time clock (microsecond resolution on Linux). */
    LedgerClock SYSTEM = () -> {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    };
}
