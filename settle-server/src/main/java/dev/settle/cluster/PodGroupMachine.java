package dev.settle.cluster;

import dev.settle.pod.PodReplica;
import dev.settle.replication.ReplicatedStateMachine;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A pod as its Raft group's state machine: each committed entry is one of the pod's batches,
 * applied through the pod's replica; the proposer's reply travels inside the proposing node (the
 * callers' futures), so the log's reply is empty.
 */
final class PodGroupMachine implements ReplicatedStateMachine {
    private static final byte[] NO_REPLY = new byte[0];

    private final String pod;
    private final PodReplica replica;
    /** Guarded by this: what runs while this node leads, and whether it leads. */
    private LeaderJobs leaderJobs = LeaderJobs.NONE;
    private boolean leading;

    PodGroupMachine(String pod, PodReplica replica) {
        this.pod = pod;
        this.replica = replica;
    }

    /** Sets what runs while this node leads; started at once if it leads already. */
    synchronized void leaderJobs(LeaderJobs jobs) {
        leaderJobs.lead(false);
        leaderJobs = jobs;
        if (leading) {
            jobs.lead(true);
        }
    }

    @Override
    public byte[] apply(long index, byte[] entry) {
        replica.applyCommitted(index, entry);
        return NO_REPLY;
    }

    @Override
    public long appliedIndex() {
        return replica.appliedIndex();
    }

    /** A RocksDB checkpoint of the pod's store (hard links: quick, whatever the size). */
    @Override
    public void snapshot(Path dir) throws IOException {
        try {
            replica.snapshot(dir);
        } catch (RuntimeException e) {
            throw new IOException(pod + ": snapshot into " + dir + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Swaps the store's content for the snapshot's and recovers the pod from it. A failure is
     * fatal for this member's group: the store is then the old one (refused before the swap) or
     * unusable until a restart finishes the swap (LedgerStore#replaceWith).
     */
    @Override
    public void restore(Path dir, long index) throws IOException {
        try {
            replica.restore(dir);
        } catch (RuntimeException e) {
            throw new IOException(pod + ": installing snapshot " + index + " from " + dir + " failed: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void leaderReady() {
        leading = true;
        leaderJobs.lead(true);
    }

    @Override
    public synchronized void notLeader() {
        leading = false;
        leaderJobs.lead(false);
    }
}
