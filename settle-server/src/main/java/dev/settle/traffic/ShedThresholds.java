package dev.settle.traffic;

/**
 * When a priority class is shed: as soon as ANY metric reaches its threshold. Reaching is enough
 * ({@code >=}), so a threshold of 100% sheds only when the queue or the fleet is full.
 *
 * @param queuePercent pod queue fill, 1..100
 * @param queueDelayMillis wait of the oldest queued command, 1..{@link #QUEUE_DELAY_MILLIS_MAX}, or
 *     {@link #NEVER_MILLIS} for a class that is never shed by delay
 * @param inFlightPercent fleet requests in flight as a percent of the cap, 1..100
 */
public record ShedThresholds(int queuePercent, long queueDelayMillis, int inFlightPercent) {
    /** The queueDelayMillis meaning "never by delay"; written {@code never} in the policy file. */
    public static final long NEVER_MILLIS = Long.MAX_VALUE;
    public static final int PERCENT_MIN = 1;
    public static final int PERCENT_MAX = 100;
    public static final long QUEUE_DELAY_MILLIS_MIN = 1;
    /** An hour: a queue delay beyond it means the server is broken, not loaded. */
    public static final long QUEUE_DELAY_MILLIS_MAX = 3_600_000;

    public ShedThresholds {
        requirePercent("queue_percent", queuePercent);
        requirePercent("in_flight_percent", inFlightPercent);
        if (!isDelayValid(queueDelayMillis)) {
            throw new IllegalArgumentException("queue_delay_ms must be " + QUEUE_DELAY_MILLIS_MIN + ".."
                    + QUEUE_DELAY_MILLIS_MAX + " or never, got " + queueDelayMillis);
        }
    }

    /** Whether {@code load} reaches at least one of these thresholds. */
    public boolean exceededBy(LoadSnapshot load) {
        return load.queuePercent() >= queuePercent
                || (queueDelayMillis != NEVER_MILLIS && load.queueDelayMillis() >= queueDelayMillis)
                || load.inFlightPercent() >= inFlightPercent;
    }

    /** A phrase naming the first metric of {@code load} at or over its threshold; null when none is. */
    String reasonFor(LoadSnapshot load) {
        if (load.queuePercent() >= queuePercent) {
            return "pod queue " + load.queuePercent() + "% >= " + queuePercent + "%";
        }
        if (queueDelayMillis != NEVER_MILLIS && load.queueDelayMillis() >= queueDelayMillis) {
            return "queue delay " + load.queueDelayMillis() + " ms >= " + queueDelayMillis + " ms";
        }
        if (load.inFlightPercent() >= inFlightPercent) {
            return "in-flight " + load.inFlightPercent() + "% >= " + inFlightPercent + "%";
        }
        return null;
    }

    /** The delay as the policy file writes it: a number of milliseconds or {@code never}. */
    static String delayText(long queueDelayMillis) {
        return queueDelayMillis == NEVER_MILLIS ? "never" : Long.toString(queueDelayMillis);
    }

    static boolean isDelayValid(long queueDelayMillis) {
        return queueDelayMillis == NEVER_MILLIS
                || (queueDelayMillis >= QUEUE_DELAY_MILLIS_MIN && queueDelayMillis <= QUEUE_DELAY_MILLIS_MAX);
    }

    private static void requirePercent(String field, int value) {
        if (value < PERCENT_MIN || value > PERCENT_MAX) {
            throw new IllegalArgumentException(
                    field + " must be " + PERCENT_MIN + ".." + PERCENT_MAX + ", got " + value);
        }
    }
}
