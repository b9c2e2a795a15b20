package dev.settle.cluster;

import dev.settle.pod.LedgerClock;
import dev.settle.pod.PodBatchCodec;
import dev.settle.pod.PodConfig;
import dev.settle.pod.Pods;
import dev.settle.replication.GroupStatus;
import dev.settle.replication.RaftNode;
import dev.settle.replication.ReplicatedGroup;
import dev.settle.store.LedgerStore;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * This node's part of a cluster: its Raft node and every pod as a group of it. {@link #join}
 * recovers the pods from the store and registers their groups; {@link #start} starts the node,
 * which replays what the store does not hold yet and elects leaders with the other nodes.
 */
public final class ClusterPods implements AutoCloseable {
    /**
     * Pods of a cluster node: one, since a snapshot is a checkpoint of the node's whole store
     * (decision 0015); a store per pod comes with placing pods on some of the nodes (scale-out).
     */
    public static final int PODS_PER_STORE = 1;
    private static final long LEADER_POLL_MILLIS = 20;
    private final RaftNode node;
    private final Pods pods;
    private final ReplicatedGroup[] groups;
    private final PodGroupMachine[] machines;

    private ClusterPods(RaftNode node, Pods pods, ReplicatedGroup[] groups, PodGroupMachine[] machines) {
        this.node = node;
        this.pods = pods;
        this.groups = groups;
        this.machines = machines;
    }

    /** Sets what runs on this node while it leads pod {@code pod} (started at once if it does). */
    public void leaderJobs(int pod, LeaderJobs jobs) {
        machines[pod].leaderJobs(jobs);
    }

    /**
     * What else reads the store, told when a pod's store was replaced by an installed snapshot
     * (on the pod's applier thread, before the pod recovers its ledgers from the new content).
     */
    @FunctionalInterface
    public interface StoreReplaced {
        /** Reloads what this node keeps of the store in memory; returns the pod of every tenant's ledger. */
        Map<Integer, Integer> reload();
    }

    public static ClusterPods join(RaftNode node, LedgerStore store, int count, Map<Integer, Integer> podOfLedger,
            PodConfig config, PodBatchCodec codec, LedgerClock clock, StoreReplaced storeReplaced) {
        if (count != PODS_PER_STORE) {
            throw new IllegalArgumentException("a cluster node holds " + PODS_PER_STORE + " pod per store"
                    + " (decision 0015), not " + count);
        }
        List<List<Integer>> ledgersOfPod = Pods.ledgersByPod(count, podOfLedger);
        ReplicatedGroup[] groups = new ReplicatedGroup[count];
        PodGroupMachine[] machines = new PodGroupMachine[count];
        Pods[] joined = new Pods[1];
        Pods pods = Pods.of(count, podOfLedger, i -> {
            ReplicatedPod pod = ReplicatedPod.join(node, i, store, ledgersOfPod.get(i), config, codec, clock, () -> {
                Map<Integer, Integer> reloaded = storeReplaced.reload();
                reloaded.forEach(joined[0]::place);
                return Pods.ledgersByPod(count, reloaded).get(i);
            });
            groups[i] = pod.group();
            machines[i] = pod.machine();
            return pod.pod();
        });
        joined[0] = pods;
        return new ClusterPods(node, pods, groups, machines);
    }

    /** Starts the node: its groups replay their logs into the pods and take part in elections. */
    public void start() throws IOException {
        node.start();
    }

    public Pods pods() {
        return pods;
    }

    /** Each pod's group as this node sees it now. */
    public List<GroupStatus> status() {
        return java.util.Arrays.stream(groups).map(ReplicatedGroup::status).toList();
    }

    /** Pod {@code pod}'s group as this node sees it now (IllegalStateException while it is not running). */
    public GroupStatus status(int pod) {
        return groups[pod].status();
    }

    /** Pod {@code pod}'s group's counters on this node. */
    public dev.settle.replication.GroupCounters counters(int pod) {
        return groups[pod].counters();
    }

    /**
     * True once pod {@code pod}'s group on this node knows a leader (at once, usually), false when it
     * knows none within {@code waitMillis}: an election that does not end, since this node cannot
     * reach a majority.
     */
    public boolean awaitLeader(int pod, long waitMillis) {
        long deadline = System.nanoTime() + waitMillis * 1_000_000;
        while (true) {
            if (groups[pod].hasLeader()) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(LEADER_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    public int podCount() {
        return groups.length;
    }

    public String nodeId() {
        return node.nodeId();
    }

    /** Every node of the cluster, this one included, in the configured order. */
    public List<dev.settle.replication.ReplicationConfig.Peer> peers() {
        return node.config().peers();
    }

    /** Closes the pods (their callers answered or failed), then the node. */
    @Override
    public void close() {
        pods.close();
        node.close();
    }
}
