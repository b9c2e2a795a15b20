package dev.settle.bench.http;

/**
 * When each request of one lane of a traffic group is due, on the {@link System#nanoTime} clock.
 * A group of rate r sends request m at {@code start + m * 1e9 / r}; split over k lanes (one per
 * event loop), lane i sends requests m = i, i + k, i + 2k, ..., so the lanes interleave into
 * exactly the group's schedule. A lane numbers its own requests n = 0, 1, 2, ... (m = n * k + i).
 *
 * <p>Each time is computed from the start, never by adding intervals, so rounding never
 * accumulates into drift: the n-th request is due within a nanosecond of its exact time.
 */
record LaneSchedule(long startNanos, double groupIntervalNanos, int lane, int lanes) {
    LaneSchedule {
        if (!(groupIntervalNanos >= 1) || lanes < 1 || lane < 0 || lane >= lanes) {
            throw new IllegalArgumentException("a lane schedule needs an interval of 1 ns or more and lane 0.."
                    + (lanes - 1) + ", got " + groupIntervalNanos + " ns and lane " + lane + " of " + lanes);
        }
    }

    /** When the lane's {@code n}-th request (from 0) is due. */
    long dueNanos(long n) {
        return startNanos + (long) ((n * lanes + lane) * groupIntervalNanos);
    }

    /** The first of the lane's requests due at or after {@code nanos}. */
    long firstDueAtOrAfter(long nanos) {
        double groupRequests = (nanos - startNanos) / groupIntervalNanos;
        long n = Math.max(0, (long) Math.ceil((groupRequests - lane) / lanes));
        // The estimate is off by one at most through rounding; these steps settle it exactly.
        while (n > 0 && dueNanos(n - 1) - nanos >= 0) {
            n--;
        }
        while (dueNanos(n) - nanos < 0) {
            n++;
        }
        return n;
    }

    /** Nanoseconds between two of the lane's requests. */
    double intervalNanos() {
        return groupIntervalNanos * lanes;
    }
}
