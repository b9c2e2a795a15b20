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
    private final LeaderJobs leaderJobs;

    /** What runs only on a pod's leader (the webhook relay, expiry): started and stopped with leadership. */
    interface LeaderJobs {
        LeaderJobs NONE = new LeaderJobs() {
            @Override
            public void start() {}

            @Override
            public void stop() {}
        };

        void start();

        void stop();
    }

    PodGroupMachine(String pod, PodReplica replica, LeaderJobs leaderJobs) {
        this.pod = pod;
        this.replica = replica;
        this.leaderJobs = leaderJobs;
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

    @Override
    public void snapshot(Path dir) throws IOException {
        throw new IOException(pod + ": snapshots of a replicated pod are not taken yet (issue 17, in progress)");
    }

    @Override
    public void restore(Path dir, long index) throws IOException {
        throw new IOException(pod + ": installing a snapshot into a running pod is not supported yet"
                + " (issue 17, in progress)");
    }

    @Override
    public void leaderReady() {
        leaderJobs.start();
    }

    @Override
    public void notLeader() {
        leaderJobs.stop();
    }
}
