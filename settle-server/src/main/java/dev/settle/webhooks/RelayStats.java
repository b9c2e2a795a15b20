package dev.settle.webhooks;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of delivery attempts by what became of the delivery, readable from any thread (served
 * at /metrics), and an observer of each attempt's duration.
 */
public final class RelayStats {
    /** Sees each attempt's duration; called on a lane's thread, must be quick. */
    public interface AttemptObserver {
        AttemptObserver NONE = latencyMillis -> {};

        void attempted(long latencyMillis);
    }

    private final LongAdder succeeded = new LongAdder();
    private final LongAdder retrying = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();
    private volatile AttemptObserver observer = AttemptObserver.NONE;

    /** One attempt's result: the receiver took it, it will be retried, or it became a dead letter. */
    void recordAttempt(Delivery after, long latencyMillis) {
        switch (after.status()) {
            case SUCCEEDED -> succeeded.increment();
            case PENDING -> retrying.increment();
            case FAILED -> deadLettered.increment();
        }
        observer.attempted(latencyMillis);
    }

    public void observe(AttemptObserver attemptObserver) {
        this.observer = attemptObserver;
    }

    /** Attempts the receiver accepted (2xx). */
    public long succeeded() {
        return succeeded.sum();
    }

    /** Attempts that failed and will be retried. */
    public long retrying() {
        return retrying.sum();
    }

    /** Attempts that failed for the last time (retries exhausted, endpoint gone or disabled). */
    public long deadLettered() {
        return deadLettered.sum();
    }
}
