package dev.settle.pod;

import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when a test moves it. */
public final class ManualClock implements LedgerClock {
    private final AtomicLong nanos;

    public ManualClock(long startNanos) {
        nanos = new AtomicLong(startNanos);
    }

    @Override
    public long nowNanos() {
        return nanos.get();
    }

    public void advance(long deltaNanos) {
        nanos.addAndGet(deltaNanos);
    }
}
