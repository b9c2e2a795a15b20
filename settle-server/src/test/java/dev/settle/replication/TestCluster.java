package dev.settle.replication;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Three (or more) {@link RaftNode}s in this JVM on free 127.0.0.1 ports, each with its own storage
 * and one {@link ChainStateMachine} for pod {@link #POD}. Nodes can be stopped, wiped and started
 * again from their directories. Waits poll with a bounded deadline; nothing sleeps to assert timing.
 */
final class TestCluster implements AutoCloseable {
    static final int POD = 7;
    static final String HOST = "127.0.0.1";
    /** Long enough for elections and catch-up on two busy cores; a test that needs more has a bug. */
    static final Duration AWAIT_MAX = Duration.ofSeconds(30);

    private final Path root;
    private final List<ReplicationConfig> configs = new ArrayList<>();
    private final RaftNode[] nodes;
    private final ReplicatedGroup[] groups;
    private final ChainStateMachine[] machines;

    /** A cluster whose configs come from {@code settings} (applied to each node's builder). */
    TestCluster(Path root, int size, java.util.function.UnaryOperator<ReplicationConfig.Builder> settings) {
        this.root = root;
        this.nodes = new RaftNode[size];
        this.groups = new ReplicatedGroup[size];
        this.machines = new ChainStateMachine[size];
        String peers = peers(size);
        for (int i = 0; i < size; i++) {
            configs.add(settings.apply(ReplicationConfig.builder()
                    .clusterName("test-cluster")
                    .nodeId(id(i))
                    .peers(peers)
                    .storageDir(root.resolve(id(i)).resolve("ratis"))).build());
        }
    }

    static String id(int node) {
        return "n" + node;
    }

    private static String peers(int size) {
        List<String> items = new ArrayList<>();
        int[] ports = freePorts(size);
        for (int i = 0; i < size; i++) {
            items.add(id(i) + "=" + HOST + ":" + ports[i]);
        }
        return String.join(",", items);
    }

    /** Distinct free ports: every socket stays open until all are chosen, so none is handed out twice. */
    static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST));
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // The port was chosen; closing it only frees it for the node.
                }
            }
        }
    }

    /** Starts every node that is not running. */
    TestCluster startAll() {
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i] == null) {
                start(i);
            }
        }
        return this;
    }

    /** The command line that runs node {@code i} in a process of its own ({@link ReplicaProcess}). */
    java.util.List<String> replicaCommand(int i) {
        ReplicationConfig config = configs.get(i);
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> peers = new ArrayList<>();
        for (ReplicationConfig.Peer peer : config.peers()) {
            peers.add(peer.toString());
        }
        return List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                ReplicaProcess.class.getName(), config.clusterName(), config.nodeId(), String.join(",", peers),
                config.storageDir().toString(), stateDir(i).toString(),
                Long.toString(config.electionTimeoutMin().toMillis()),
                Long.toString(config.electionTimeoutMax().toMillis()),
                Long.toString(config.submitTimeout().toMillis()));
    }

    /** Starts node {@code i} from its directories (state machine and Raft storage). */
    void start(int i) {
        machines[i] = new ChainStateMachine(stateDir(i));
        RaftNode node = new RaftNode(configs.get(i));
        groups[i] = node.group(POD, machines[i]);
        try {
            node.start();
        } catch (IOException e) {
            node.close();
            throw new UncheckedIOException(e);
        }
        nodes[i] = node;
    }

    /** Closes node {@code i}; its directories stay. */
    void stop(int i) {
        nodes[i].close();
        nodes[i] = null;
        groups[i] = null;
    }

    /** Deletes everything node {@code i} stored: its state machine's state and its Raft logs and snapshots. */
    void wipe(int i) throws IOException {
        if (nodes[i] != null) {
            throw new IllegalStateException("stop node " + i + " before wiping it");
        }
        SnapshotStore.deleteRecursively(root.resolve(id(i)));
    }

    Path stateDir(int i) {
        return root.resolve(id(i)).resolve("state");
    }

    boolean running(int i) {
        return nodes[i] != null;
    }

    ReplicatedGroup group(int i) {
        return groups[i];
    }

    ChainStateMachine machine(int i) {
        return machines[i];
    }

    ReplicationConfig config(int i) {
        return configs.get(i);
    }

    int size() {
        return nodes.length;
    }

    /** The running node whose group leads and is ready, once exactly one does. */
    int awaitLeader() {
        int[] leader = {-1};
        await("a ready leader among " + runningIds(), () -> {
            leader[0] = -1;
            int leaders = 0;
            for (int i = 0; i < nodes.length; i++) {
                if (nodes[i] != null && groups[i].isLeader()) {
                    leader[0] = i;
                    leaders++;
                }
            }
            return leaders == 1;
        });
        return leader[0];
    }

    /** A running node other than {@code leader}. */
    int follower(int leader) {
        for (int i = 0; i < nodes.length; i++) {
            if (i != leader && nodes[i] != null) {
                return i;
            }
        }
        throw new IllegalStateException("no running follower");
    }

    /** Waits until every running node's state is byte-identical to node {@code reference}'s. */
    void awaitConverged(int reference) {
        await("every running node's state equal to " + id(reference) + "'s", () -> {
            byte[] expected = machines[reference].stateBytes();
            for (int i = 0; i < nodes.length; i++) {
                if (nodes[i] != null && !Arrays.equals(machines[i].stateBytes(), expected)) {
                    return false;
                }
            }
            return true;
        });
    }

    private List<String> runningIds() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i] != null) {
                ids.add(id(i));
            }
        }
        return ids;
    }

    /** Polls {@code condition} until it holds or {@link #AWAIT_MAX} passes (then fails naming it). */
    static void await(String what, BooleanSupplier condition) {
        await(what, condition, () -> "");
    }

    static void await(String what, BooleanSupplier condition, Supplier<String> detail) {
        long deadline = System.nanoTime() + AWAIT_MAX.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not reached within " + AWAIT_MAX.toSeconds() + " s: " + what + " "
                        + detail.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i] != null) {
                stop(i);
            }
        }
    }
}
