package dev.settle.cluster;

import dev.settle.pod.PodLog;
import dev.settle.replication.ReplicatedGroup;
import java.util.concurrent.CompletableFuture;

/**
 * A pod's log: its Raft group. Bound after the pod starts, since the group needs the pod's state
 * machine and the pod needs somewhere to propose; a proposal before that fails.
 */
final class GroupLog implements PodLog {
    private volatile ReplicatedGroup group;

    void bind(ReplicatedGroup joined) {
        group = joined;
    }

    @Override
    public CompletableFuture<?> propose(byte[] entry) {
        ReplicatedGroup joined = group;
        if (joined == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("the pod has not joined its group yet"));
        }
        return joined.submit(entry);
    }

    @Override
    public CompletableFuture<Void> readFence() {
        ReplicatedGroup joined = group;
        return joined == null
                ? CompletableFuture.failedFuture(new IllegalStateException("the pod has not joined its group yet"))
                : joined.readBarrier();
    }
}
