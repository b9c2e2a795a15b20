package dev.settle.pod;

import java.nio.file.Path;

/**
 * A replicated pod as its log sees it: the member's side of a Raft group's state machine.
 * Every method runs on the log's one applier thread, never two at once.
 */
public interface PodReplica {
    /**
     * Applies one committed entry: decodes its batch, applies it, writes its write set with
     * {@code index} as the applied index in one atomic write, publishes it, and completes the
     * callers of this node's proposal. In log order; an index at or below {@link #appliedIndex}
     * changes nothing.
     */
    void applyCommitted(long index, byte[] entry);

    /** The last log index whose batch is in the store (0 for none): the log replays from after it. */
    long appliedIndex();

    /**
     * Writes a checkpoint of the pod's store, at {@link #appliedIndex}, into {@code dir} (absent or
     * empty): complete and durable when this returns.
     */
    void snapshot(Path dir);

    /**
     * Replaces the pod's whole state by a snapshot written by {@link #snapshot} (here or on another
     * member): the store's content, then the ledgers recovered from it. Afterwards
     * {@link #appliedIndex} is the snapshot's. This node's proposals still waiting for their apply
     * fail (503): they may be inside the snapshot, and a retry with their idempotency key then
     * finds their stored answers.
     */
    void restore(Path dir);
}
