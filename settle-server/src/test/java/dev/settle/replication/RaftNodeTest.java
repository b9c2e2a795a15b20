package dev.settle.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.settle.replication.ReplicationUnavailableException.Reason;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A node's life: groups registered before start, several pods on one server, storage that must match. */
@Timeout(60)
class RaftNodeTest {
    @TempDir
    Path root;

    private ReplicationConfig singleNode() {
        return ReplicationConfig.builder().clusterName("solo").nodeId("n0")
                .peers("n0=127.0.0.1:" + TestCluster.freePorts(1)[0]).storageDir(root.resolve("ratis")).build();
    }

    @Test
    void oneServerHostsSeveralPodsAndTheyRecoverFromStorage() throws Exception {
        ReplicationConfig config = singleNode();
        try (RaftNode node = new RaftNode(config)) {
            ReplicatedGroup pod0 = node.group(0, new ChainStateMachine(root.resolve("pod0")));
            ReplicatedGroup pod1 = node.group(1, new ChainStateMachine(root.resolve("pod1")));
            assertThatThrownBy(() -> node.group(1, new ChainStateMachine(root.resolve("other"))))
                    .isInstanceOf(IllegalStateException.class).hasMessage("pod 1 already has its group on this node");
            assertThat(pod0.submit(new byte[] {1}).handle((reply, error) -> error))
                    .succeedsWithin(java.time.Duration.ofSeconds(1))
                    .isInstanceOf(ReplicationUnavailableException.class)
                    .extracting(e -> ((ReplicationUnavailableException) e).reason()).isEqualTo(Reason.CLOSED);
            node.start();
            assertThatThrownBy(() -> node.group(2, new ChainStateMachine(root.resolve("pod2"))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("groups are registered before the node starts");
            assertThat(count(pod0.submit(new byte[] {1}).join())).isEqualTo(1);
            assertThat(count(pod0.submit(new byte[] {2}).join())).isEqualTo(2);
            assertThat(count(pod1.submit(new byte[] {3}).join())).isEqualTo(1);
            assertThat(pod0.status().groupId()).isNotEqualTo(pod1.status().groupId());
        }
        try (RaftNode node = new RaftNode(config)) {
            ChainStateMachine machine = new ChainStateMachine(root.resolve("pod0"));
            ReplicatedGroup pod0 = node.group(0, machine);
            node.group(1, new ChainStateMachine(root.resolve("pod1")));
            node.start();
            assertThat(count(pod0.submit(new byte[] {4}).join())).isEqualTo(3);
            assertThat(machine.appliedSinceStart()).hasSize(1);
        }
    }

    @Test
    void storageHoldingTheGroupOfAnUnregisteredPodStopsTheStart() throws Exception {
        ReplicationConfig config = singleNode();
        try (RaftNode node = new RaftNode(config)) {
            node.group(5, new ChainStateMachine(root.resolve("pod5")));
            node.start();
        }
        try (RaftNode node = new RaftNode(config)) {
            node.group(6, new ChainStateMachine(root.resolve("pod6")));
            assertThatThrownBy(node::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("holds Raft group " + RaftNode.groupId("solo", 5))
                    .hasMessageContaining("registered: [6]");
        }
    }

    @Test
    void afterCloseEverythingFailsAsClosed() throws Exception {
        ReplicatedGroup group;
        try (RaftNode node = new RaftNode(singleNode())) {
            group = node.group(0, new ChainStateMachine(root.resolve("pod0")));
            node.start();
            group.submit(new byte[] {1}).join();
        }
        assertThatThrownBy(() -> group.submit(new byte[] {2}).join()).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(ReplicationUnavailableException.class).hasMessageStartingWith("CLOSED");
        assertThatThrownBy(() -> group.readBarrier().join()).cause().hasMessageStartingWith("CLOSED");
        assertThat(group.isLeader()).isFalse();
    }

    private static long count(byte[] reply) {
        return ByteBuffer.wrap(reply).getLong();
    }
}
