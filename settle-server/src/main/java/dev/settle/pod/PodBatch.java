package dev.settle.pod;

import dev.settle.ledger.Invariants;
import dev.settle.tracing.TraceParent;
import java.util.List;

/**
 * One ordered batch of commands with the time it applies at: the unit a pod's state machine
 * applies, writes as one atomic batch, and (later) replicates as one Raft log entry. Everything
 * that is not deterministic is fixed in it before it is applied: the time, and with each command
 * the answer to store and the trace context its events carry.
 *
 * @param sequence the batch's number in its pod, from 1, one more than the batch before
 * @param timeNanos nanoseconds since the Unix epoch: what the ledgers' timestamps start from
 */
public record PodBatch(long sequence, long timeNanos, List<Entry> entries) {
    public PodBatch {
        Invariants.check(sequence > 0, "pod batches are numbered from 1");
        Invariants.check(timeNanos > 0, "a batch has a time");
    }

    /**
     * One command in a batch.
     *
     * @param response stored in the same atomic batch as the command's effect (an idempotency
     *     record), or null
     * @param trace the W3C trace context of the request that sent it, which its events carry, or null
     */
    public record Entry(PodCommand<?> command, DurableResponse response, TraceParent trace) {}
}
