package dev.settle.cluster;

import dev.settle.pod.LedgerClock;
import dev.settle.pod.Pod;
import dev.settle.pod.PodBatchCodec;
import dev.settle.pod.PodConfig;
import dev.settle.replication.RaftNode;
import dev.settle.replication.ReplicatedGroup;
import dev.settle.store.LedgerStore;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * A pod that is a Raft group of the cluster's nodes: its local {@link Pod} (driven by the replicated
 * driver) and its {@link ReplicatedGroup}. Made before the node starts (Ratis loads the groups in
 * its storage then, and replays what the pod's store does not hold yet).
 */
public record ReplicatedPod(Pod pod, ReplicatedGroup group, PodGroupMachine machine) {

    /**
     * Recovers pod {@code number}'s ledgers from {@code store} and registers its group on {@code node}
     * (not started yet); once the node starts, the group replays the entries after the store's
     * applied index. {@code ledgersAfterRestore}: the pod's ledgers once its store holds a snapshot
     * installed from another member.
     */
    public static ReplicatedPod join(RaftNode node, int number, LedgerStore store, Collection<Integer> ledgers,
            PodConfig config, PodBatchCodec codec, LedgerClock clock, Supplier<Collection<Integer>> ledgersAfterRestore) {
        GroupLog log = new GroupLog();
        String name = "pod-" + number;
        Pod pod = Pod.startReplicated(name, store, ledgers, config, codec, log, clock, ledgersAfterRestore);
        try {
            PodGroupMachine machine = new PodGroupMachine(name, pod.replica());
            ReplicatedGroup group = node.group(number, machine);
            log.bind(group);
            return new ReplicatedPod(pod, group, machine);
        } catch (RuntimeException e) {
            pod.close();
            throw e;
        }
    }
}
