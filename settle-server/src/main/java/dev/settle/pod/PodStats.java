package dev.settle.pod;

import java.util.concurrent.atomic.LongAdder;

/** Counters of a pod, readable from any thread (the metrics issue exports them). */
public final class PodStats {
    private final LongAdder batches = new LongAdder();
    private final LongAdder submissions = new LongAdder();
    private final LongAdder events = new LongAdder();
    private final LongAdder bytesWritten = new LongAdder();
    private final LongAdder commitNanos = new LongAdder();
    private final LongAdder rejectedOverloaded = new LongAdder();

    void recordCommit(int submissionCount, int bytes, long nanos) {
        batches.increment();
        submissions.add(submissionCount);
        bytesWritten.add(bytes);
        commitNanos.add(nanos);
    }

    void recordEvents(int count) {
        events.add(count);
    }

    void recordRejected() {
        rejectedOverloaded.increment();
    }

    public long batches() {
        return batches.sum();
    }

    public long submissions() {
        return submissions.sum();
    }

    public long events() {
        return events.sum();
    }

    public long bytesWritten() {
        return bytesWritten.sum();
    }

    /** Total time spent in synced writes (WAL append, fsync, memtable insert). */
    public long commitNanos() {
        return commitNanos.sum();
    }

    public long rejectedOverloaded() {
        return rejectedOverloaded.sum();
    }
}
