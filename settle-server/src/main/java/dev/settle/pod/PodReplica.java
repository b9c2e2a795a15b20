package dev.settle.pod;

/**
 * A replicated pod as its log sees it: the member's side of a Raft group's state machine.
 */
public interface PodReplica {
    /**
     * Applies one committed entry: decodes its batch, applies it, writes its write set with
     * {@code index} as the applied index in one atomic write, publishes it, and completes the
     * callers of this node's proposal. In log order, on one thread; an index at or below
     * {@link #appliedIndex} changes nothing.
     */
    void applyCommitted(long index, byte[] entry);

    /** The last log index whose batch is in the store (0 for none): the log replays from after it. */
    long appliedIndex();
}
