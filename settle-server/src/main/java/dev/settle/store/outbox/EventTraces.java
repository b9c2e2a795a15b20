package dev.settle.store.outbox;

import dev.settle.ledger.Invariants;
import dev.settle.tracing.TraceParent;
import java.util.Arrays;

/**
 * The trace contexts of the traced submissions applied in one ledger's batch, each with the engine
 * timestamps its apply used: every object a submission creates gets a timestamp in
 * {@code (timestamp before, timestamp after]} of its apply, so an event belongs to the submission
 * whose range holds its object's timestamp. Submissions apply one after another, so the ranges
 * ascend and never overlap. Expiries happen at the batch's start and belong to no request.
 *
 * <p>Owned by a pod's writer thread, cleared for each ledger; empty (and never searched) when no
 * submission of the ledger is traced.
 */
public final class EventTraces {
    private static final int CAPACITY_INITIAL = 16;

    private long[] afterTimestamp = new long[CAPACITY_INITIAL];
    private long[] throughTimestamp = new long[CAPACITY_INITIAL];
    private TraceParent[] context = new TraceParent[CAPACITY_INITIAL];
    private int size;

    public void clear() {
        Arrays.fill(context, 0, size, null);
        size = 0;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /**
     * A traced submission was applied: the engine's newest timestamp was {@code timestampBefore}
     * before and {@code timestampAfter} after. One that created nothing is not kept.
     */
    public void add(long timestampBefore, long timestampAfter, TraceParent trace) {
        Invariants.check(trace != null, "only traced submissions are added");
        Invariants.check(Long.compareUnsigned(timestampBefore, timestampAfter) <= 0, "engine timestamps only grow");
        if (timestampBefore == timestampAfter) {
            return;
        }
        Invariants.check(size == 0 || Long.compareUnsigned(throughTimestamp[size - 1], timestampBefore) <= 0,
                "submissions apply in order, so their ranges ascend");
        if (size == context.length) {
            int capacity = size * 2;
            afterTimestamp = Arrays.copyOf(afterTimestamp, capacity);
            throughTimestamp = Arrays.copyOf(throughTimestamp, capacity);
            context = Arrays.copyOf(context, capacity);
        }
        afterTimestamp[size] = timestampBefore;
        throughTimestamp[size] = timestampAfter;
        context[size] = trace;
        size++;
    }

    /** The context of the submission that created the object with this timestamp, or null. */
    TraceParent find(long objectTimestamp) {
        int low = 0;
        int high = size - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (Long.compareUnsigned(objectTimestamp, afterTimestamp[middle]) <= 0) {
                high = middle - 1;
            } else if (Long.compareUnsigned(objectTimestamp, throughTimestamp[middle]) > 0) {
                low = middle + 1;
            } else {
                return context[middle];
            }
        }
        return null;
    }
}
