package dev.settle.metrics;

import dev.settle.cluster.ClusterPods;
import dev.settle.replication.GroupCounters;
import dev.settle.replication.GroupStatus;
import dev.settle.replication.ReplicationConfig;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * A cluster node's pods as Raft groups (docs/replication.md), read at scrape time: term, the
 * indexes (commit, applied, snapshot, log start), whether this node leads, on the leader each
 * follower's lag, and counters of leader changes and snapshots. A gauge of a group that is not
 * running on this node (stopped after a failure) reads NaN.
 */
public final class ReplicationMetrics {
    private ReplicationMetrics() {}

    public static void bind(MeterRegistry registry, ClusterPods cluster) {
        for (int pod = 0; pod < cluster.podCount(); pod++) {
            bindPod(registry, cluster, pod, Tags.of("pod", Integer.toString(pod)));
        }
    }

    private static void bindPod(MeterRegistry registry, ClusterPods cluster, int pod, Tags tags) {
        gauge(registry, "settle.raft.term", "The pod's current Raft term as this node knows it", cluster, pod, tags,
                GroupStatus::term);
        gauge(registry, "settle.raft.commit.index", "The last log index this node knows to be committed", cluster,
                pod, tags, GroupStatus::commitIndex);
        gauge(registry, "settle.raft.applied.index", "The last log index this node applied", cluster, pod, tags,
                GroupStatus::appliedIndex);
        gauge(registry, "settle.raft.snapshot.index", "The index of this node's newest snapshot (-1: none)", cluster,
                pod, tags, GroupStatus::snapshotIndex);
        gauge(registry, "settle.raft.log.start.index", "The first index still in this node's log (older ones were"
                + " purged after a snapshot)", cluster, pod, tags, GroupStatus::logStartIndex);
        gauge(registry, "settle.raft.leader", "1 while this node leads the pod's group and may serve as its leader",
                cluster, pod, tags, status -> status.isLeader() ? 1 : 0);
        for (ReplicationConfig.Peer peer : cluster.peers()) {
            if (peer.id().equals(cluster.nodeId())) {
                continue;
            }
            gauge(registry, "settle.raft.follower.lag", "On the pod's leader: log entries the follower does not have"
                    + " yet (NaN on other nodes)", cluster, pod, tags.and("follower", peer.id()),
                    status -> lagOf(status, peer.id()));
        }
        counter(registry, "settle.raft.leader.changes", "Leaders of the pod's group this node learned of (elections)",
                cluster, pod, tags, GroupCounters::leaderChanges);
        counter(registry, "settle.raft.snapshots.taken", "Snapshots this node wrote of its pod", cluster, pod, tags,
                GroupCounters::snapshotsTaken);
        counter(registry, "settle.raft.snapshots.installed", "Snapshots this node received from a leader and"
                + " installed", cluster, pod, tags, GroupCounters::snapshotsInstalled);
    }

    private static double lagOf(GroupStatus status, String follower) {
        for (GroupStatus.FollowerStatus each : status.followers()) {
            if (each.id().equals(follower)) {
                return each.lagEntries();
            }
        }
        return Double.NaN;
    }

    private static void gauge(MeterRegistry registry, String name, String description, ClusterPods cluster, int pod,
            Tags tags, ToDoubleFunction<GroupStatus> read) {
        Gauge.builder(name, cluster, c -> {
            try {
                return read.applyAsDouble(c.status(pod));
            } catch (IllegalStateException e) {
                return Double.NaN;
            }
        }).description(description).tags(tags).register(registry);
    }

    private static void counter(MeterRegistry registry, String name, String description, ClusterPods cluster, int pod,
            Tags tags, ToLongFunction<GroupCounters> read) {
        FunctionCounter.builder(name, cluster, c -> read.applyAsLong(c.counters(pod))).description(description)
                .tags(tags).register(registry);
    }
}
