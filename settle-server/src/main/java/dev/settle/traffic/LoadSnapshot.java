package dev.settle.traffic;

/**
 * How loaded the server is at one moment, as the shedding thresholds see it.
 *
 * @param queuePercent how full the pod's command queue is
 * @param queueDelayMillis how long the oldest queued command has waited
 * @param inFlightPercent the fleet's requests in flight, as a percent of its cap
 */
public record LoadSnapshot(int queuePercent, long queueDelayMillis, int inFlightPercent) {
    public static final LoadSnapshot IDLE = new LoadSnapshot(0, 0, 0);

    public LoadSnapshot {
        // Measurements may overshoot 100% for a moment (a queue's soft capacity, a racy read); only
        // a negative value is a bug in the caller.
        if (queuePercent < 0 || queueDelayMillis < 0 || inFlightPercent < 0) {
            throw new IllegalArgumentException("load must not be negative: queue " + queuePercent
                    + "%, delay " + queueDelayMillis + " ms, in-flight " + inFlightPercent + "%");
        }
    }
}
