package dev.settle.pod;

import java.util.concurrent.CompletableFuture;

/**
 * A replicated, ordered log of a pod's batches (one Raft group per pod): what a replicated pod
 * proposes its batches to. Every member applies every committed entry, in log order, through
 * its {@link PodReplica}.
 */
@FunctionalInterface
public interface PodLog {
    /**
     * Proposes an entry from any member (a follower's proposal is forwarded to the leader). The
     * future completes once the entry is committed on a majority, or fails when it could not be
     * (no majority within the log's timeout, the log closed); a failed proposal may still commit
     * later, and is then applied like any other.
     */
    CompletableFuture<?> propose(byte[] entry);

    /**
     * Completes once this member has applied everything the log had committed when it was asked
     * (Raft's read index): a read of the member's state after it sees every acknowledged write.
     */
    default CompletableFuture<Void> readFence() {
        return CompletableFuture.completedFuture(null);
    }
}
