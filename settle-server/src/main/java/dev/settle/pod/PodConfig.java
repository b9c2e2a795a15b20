package dev.settle.pod;

import dev.settle.ledger.LedgerLimits;

/**
 * Limits of one pod.
 *
 * @param eventsPerBatchMax events (accounts, transfers, transaction entries) applied and written
 *     per group commit; at least one full submission
 * @param eventsQueuedMax events waiting in the queue before new submissions are refused
 *     ({@link PodOverloadedException}) instead of piling up
 */
public record PodConfig(int eventsPerBatchMax, int eventsQueuedMax) {
    public static final int EVENTS_PER_BATCH_DEFAULT = 2 * LedgerLimits.TRANSFERS_PER_BATCH_MAX;
    public static final int EVENTS_QUEUED_DEFAULT = 16 * LedgerLimits.TRANSFERS_PER_BATCH_MAX;
    public static final int EVENTS_PER_BATCH_LIMIT = 64 * LedgerLimits.TRANSFERS_PER_BATCH_MAX;

    public PodConfig {
        if (eventsPerBatchMax < LedgerLimits.TRANSFERS_PER_BATCH_MAX || eventsPerBatchMax > EVENTS_PER_BATCH_LIMIT) {
            throw new IllegalArgumentException("events per batch must be " + LedgerLimits.TRANSFERS_PER_BATCH_MAX
                    + ".." + EVENTS_PER_BATCH_LIMIT + ", got " + eventsPerBatchMax);
        }
        if (eventsQueuedMax < eventsPerBatchMax) {
            throw new IllegalArgumentException("queued events (" + eventsQueuedMax
                    + ") must be at least the events per batch (" + eventsPerBatchMax + ")");
        }
    }

    public static PodConfig defaults() {
        return new PodConfig(EVENTS_PER_BATCH_DEFAULT, EVENTS_QUEUED_DEFAULT);
    }
}
