package dev.settle.api.admin;

import dev.settle.api.http.ApiRequest;
import dev.settle.api.http.ApiResponse;
import dev.settle.cluster.ClusterPods;
import dev.settle.replication.GroupStatus;
import dev.settle.replication.ReplicationConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /v1/admin/cluster}: the cluster as this node sees it. The nodes (id, Raft address,
 * reachable: this node always; the others as far as this node can tell, null when it cannot), and
 * per pod its leader, term, this node's role, commit and applied indexes, and on the pod's leader
 * each follower's progress (what it has in its log, and how far behind it is). On a single node:
 * {@code enabled} false and nothing else.
 */
public final class ClusterResource {
    /** A node that has not answered its leader for this long counts as unreachable. */
    static final long REACHABLE_WITHIN_MILLIS = 3_000;

    private final ClusterPods cluster;

    /** @param cluster this node's part of the cluster, or null on a single node */
    public ClusterResource(ClusterPods cluster) {
        this.cluster = cluster;
    }

    public ApiResponse get(ApiRequest request) {
        request.onlyQuery(Set.of());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("object", "cluster");
        view.put("enabled", cluster != null);
        if (cluster == null) {
            return request.json(200, view);
        }
        List<GroupStatus> groups = cluster.status();
        view.put("node", cluster.nodeId());
        List<Object> nodes = new ArrayList<>();
        for (ReplicationConfig.Peer peer : cluster.peers()) {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("id", peer.id());
            node.put("address", peer.address());
            node.put("reachable", reachable(peer.id(), groups));
            nodes.add(node);
        }
        view.put("nodes", nodes);
        List<Object> pods = new ArrayList<>();
        for (GroupStatus group : groups) {
            pods.add(pod(group));
        }
        view.put("pods", pods);
        return request.json(200, view);
    }

    private Boolean reachable(String node, List<GroupStatus> groups) {
        if (node.equals(cluster.nodeId())) {
            return true;
        }
        for (GroupStatus group : groups) {
            if (node.equals(group.leaderId())) {
                return true; // this node follows it, or just heard from it as a candidate's winner
            }
            for (GroupStatus.FollowerStatus follower : group.followers()) {
                if (follower.id().equals(node)) {
                    return follower.lastResponseMillis() >= 0 && follower.lastResponseMillis() < REACHABLE_WITHIN_MILLIS;
                }
            }
        }
        return null;
    }

    private static Map<String, Object> pod(GroupStatus group) {
        Map<String, Object> pod = new LinkedHashMap<>();
        pod.put("pod", group.podNumber());
        pod.put("leader", group.leaderId());
        pod.put("term", group.term());
        pod.put("role", group.role().toLowerCase(java.util.Locale.ROOT));
        pod.put("commit_index", group.commitIndex());
        pod.put("applied_index", group.appliedIndex());
        pod.put("snapshot_index", group.snapshotIndex());
        pod.put("log_start_index", group.logStartIndex());
        List<Object> followers = new ArrayList<>();
        for (GroupStatus.FollowerStatus follower : group.followers()) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("id", follower.id());
            f.put("match_index", follower.matchIndex());
            f.put("commit_index", follower.commitIndex());
            f.put("lag_entries", follower.lagEntries());
            followers.add(f);
        }
        pod.put("followers", followers);
        return pod;
    }
}
