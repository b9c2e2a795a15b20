package dev.settle.replication;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.GroupManagementRequest;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's part in replication: one Ratis {@code RaftServer} (one gRPC port) hosting one Raft
 * group per pod. Register every pod's group with {@link #group} first, then {@link #start}: Ratis
 * loads every group it finds in its storage when the server is built, so each must have its state
 * machine by then. A group found in storage that no pod claims stops the start with a message
 * that names it.
 *
 * <pre>
 * RaftNode node = new RaftNode(config);
 * ReplicatedGroup pod0 = node.group(0, stateMachine0);
 * node.start();
 * pod0.submit(batch).join();
 * node.close();
 * </pre>
 *
 * <p>A group's id is derived from the cluster name and the pod number ({@link #groupId}), so every
 * node finds the same group without being told. Every group has the same members: the config's peers.
 */
public final class RaftNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RaftNode.class);
    /** Pods per node: Settle's pods are numbered 0..63 today; room to grow. */
    public static final int POD_NUMBER_MAX = 1_023;
    /** Below {@code storageDir}: Ratis keeps one directory per group here. */
    static final String RAFT_DIRECTORY = "raft";

    private enum State { REGISTERING, RUNNING, CLOSED }

    private final ReplicationConfig config;
    private final RaftProperties properties;
    private final List<RaftPeer> peers;
    private final Map<RaftGroupId, ReplicatedGroup> groups = new LinkedHashMap<>();
    private RaftServer server;
    private State state = State.REGISTERING;

    public RaftNode(ReplicationConfig config) {
        this.config = config;
        this.properties = RatisProperties.server(config);
        List<RaftPeer> members = new ArrayList<>();
        for (ReplicationConfig.Peer peer : config.peers()) {
            members.add(RaftPeer.newBuilder().setId(peer.id()).setAddress(peer.address()).build());
        }
        this.peers = List.copyOf(members);
    }

    /**
     * The Raft group id of a pod in a cluster: a name-based (MD5) UUID of both, the same on every node.
     */
    public static UUID groupId(String clusterName, int podNumber) {
        checkPodNumber(podNumber);
        String name = "settle-pod:" + clusterName + ":" + podNumber;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Registers the pod's group with the state machine that applies its entries; before {@link #start}.
     *
     * @throws IllegalStateException after start, or when the pod already has its group
     */
    public synchronized ReplicatedGroup group(int podNumber, ReplicatedStateMachine stateMachine) {
        checkPodNumber(podNumber);
        if (state != State.REGISTERING) {
            throw new IllegalStateException("pod " + podNumber + ": groups are registered before the node starts"
                    + " (Ratis loads the groups in its storage when the server starts); this node is " + state);
        }
        RaftGroupId id = RaftGroupId.valueOf(groupId(config.clusterName(), podNumber));
        if (groups.containsKey(id)) {
            throw new IllegalStateException("pod " + podNumber + " already has its group on this node");
        }
        RaftGroup group = RaftGroup.valueOf(id, peers);
        ReplicatedGroup replicated = new ReplicatedGroup(this, podNumber, group,
                new RatisStateMachine(podNumber, stateMachine));
        groups.put(id, replicated);
        return replicated;
    }

    /**
     * Starts the server with every registered group: those in storage recover from it; new ones are
     * created empty and elect a leader once a majority of the peers runs them.
     *
     * @throws IllegalStateException when storage holds a group of no registered pod
     */
    public synchronized void start() throws IOException {
        if (state != State.REGISTERING) {
            throw new IllegalStateException("this node is " + state + "; it starts once");
        }
        List<RaftGroupId> stored = storedGroups();
        for (RaftGroupId id : stored) {
            if (!groups.containsKey(id)) {
                throw new IllegalStateException("storage " + raftDirectory(config) + " holds Raft group " + id.getUuid()
                        + ", which belongs to no pod registered on this node (pods of cluster '"
                        + config.clusterName() + "' registered: " + podNumbers()
                        + "): register its pod, or move its directory away if the pod is gone");
            }
        }
        StateMachine.Registry registry = id -> groups.get(id).ratisStateMachine();
        server = RaftServer.newBuilder()
                .setServerId(RaftPeerId.valueOf(config.nodeId()))
                .setProperties(properties)
                .setStateMachineRegistry(registry)
                .setOption(RaftStorage.StartupOption.RECOVER)
                .build();
        state = State.RUNNING;
        server.start();
        for (ReplicatedGroup group : groups.values()) {
            if (!stored.contains(group.raftGroup().getGroupId())) {
                addNewGroup(group.raftGroup());
            }
            group.open(server);
        }
        LOG.info("node {} started on {} with pods {}", config.nodeId(), config.self().address(), podNumbers());
    }

    private void addNewGroup(RaftGroup group) throws IOException {
        GroupManagementRequest add = GroupManagementRequest.newAdd(ClientId.randomId(), server.getId(), 0, group,
                true);
        RaftClientReply reply = server.groupManagement(add);
        if (!reply.isSuccess()) {
            throw new IOException("could not create group " + group.getGroupId() + " on node " + config.nodeId(),
                    reply.getException());
        }
    }

    /** The group directories in this node's Raft storage: Ratis names them by the group's UUID. */
    private List<RaftGroupId> storedGroups() throws IOException {
        Path dir = raftDirectory(config);
        List<RaftGroupId> stored = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return stored;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path entry : entries) {
                try {
                    stored.add(RaftGroupId.valueOf(UUID.fromString(entry.getFileName().toString())));
                } catch (IllegalArgumentException e) {
                    // Not a group directory: Ratis ignores it too.
                }
            }
        }
        return stored;
    }

    private List<Integer> podNumbers() {
        return groups.values().stream().map(ReplicatedGroup::podNumber).toList();
    }

    public ReplicationConfig config() {
        return config;
    }

    /** The peer id of this node. */
    public String nodeId() {
        return config.nodeId();
    }

    /** Where this node's Raft storage lives. */
    static Path raftDirectory(ReplicationConfig config) {
        return config.storageDir().resolve(RAFT_DIRECTORY);
    }

    RaftProperties properties() {
        return properties;
    }

    /** Closes every group's client, then the server with every group on it. Idempotent. */
    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        long started = System.nanoTime();
        for (ReplicatedGroup group : groups.values()) {
            group.closeClient();
        }
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                LOG.warn("node {}: closing the Raft server failed", config.nodeId(), e);
            }
        }
        // Measured: Ratis takes about a second to close a leader's node, whatever the timeouts (decision 0013).
        LOG.info("node {} closed in {} ms", config.nodeId(), (System.nanoTime() - started) / 1_000_000);
    }

    private static void checkPodNumber(int podNumber) {
        if (podNumber < 0 || podNumber > POD_NUMBER_MAX) {
            throw new IllegalArgumentException("pod number must be 0.." + POD_NUMBER_MAX + ", got " + podNumber);
        }
    }
}
