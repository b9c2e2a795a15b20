package dev.settle.traffic;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fleet-wide concurrency guard of the process's request workers: a cap on requests in flight,
 * all tenants together, so an overloaded process refuses quickly instead of queueing without bound.
 * Lock-free: the count is raised by compare-and-set only while under the cap.
 */
public final class FleetGuard {
    private final int inFlightMax;
    private final AtomicInteger inFlight = new AtomicInteger();

    public FleetGuard(int inFlightMax) {
        if (inFlightMax < 1 || inFlightMax > DegradationPolicy.IN_FLIGHT_MAX_LIMIT) {
            throw new IllegalArgumentException(
                    "inFlightMax must be 1.." + DegradationPolicy.IN_FLIGHT_MAX_LIMIT + ", got " + inFlightMax);
        }
        this.inFlightMax = inFlightMax;
    }

    /** Counts one more request in flight; false (and nothing counted) when the fleet is full. */
    public boolean tryEnter() {
        // Each failed compare-and-set means another request entered or left.
        while (true) {
            int current = inFlight.get();
            if (current >= inFlightMax) {
                return false;
            }
            if (inFlight.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    /** Counts one request fewer; each successful {@link #tryEnter()} is matched by exactly one call. */
    public void leave() {
        int after = inFlight.decrementAndGet();
        if (after < 0) {
            inFlight.incrementAndGet();
            throw new IllegalStateException("leave() without a matching tryEnter()");
        }
    }

    public int inFlight() {
        return inFlight.get();
    }

    public int inFlightMax() {
        return inFlightMax;
    }

    /** Requests in flight as a percent of the cap, rounded down. */
    public int inFlightPercent() {
        return (int) ((long) inFlight.get() * 100 / inFlightMax);
    }
}
