package dev.settle.traffic;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of admitted and refused requests, readable from any thread. LongAdder keeps the many
 * request threads that record from contending on one cache line.
 */
public final class TrafficStats {
    private final LongAdder admitted = new LongAdder();
    private final LongAdder[] rateLimitedByKind = adders(RequestKind.values().length);
    private final LongAdder concurrencyLimited = new LongAdder();
    private final LongAdder[] shedByPriority = adders(Priority.values().length);
    private final LongAdder fleetFull = new LongAdder();

    void recordAdmitted() {
        admitted.increment();
    }

    void recordRateLimited(RequestKind kind) {
        rateLimitedByKind[kind.ordinal()].increment();
    }

    void recordConcurrencyLimited() {
        concurrencyLimited.increment();
    }

    void recordShed(Priority priority) {
        shedByPriority[priority.ordinal()].increment();
    }

    void recordFleetFull() {
        fleetFull.increment();
    }

    public long admitted() {
        return admitted.sum();
    }

    public long rateLimited(RequestKind kind) {
        return rateLimitedByKind[kind.ordinal()].sum();
    }

    public long concurrencyLimited() {
        return concurrencyLimited.sum();
    }

    public long shed(Priority priority) {
        return shedByPriority[priority.ordinal()].sum();
    }

    public long fleetFull() {
        return fleetFull.sum();
    }

    private static LongAdder[] adders(int count) {
        LongAdder[] adders = new LongAdder[count];
        for (int i = 0; i < count; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }
}
