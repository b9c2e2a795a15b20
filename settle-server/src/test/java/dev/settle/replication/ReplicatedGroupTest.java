package dev.settle.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Three members of one group in this JVM: ordering, identical state, linearizable reads, status. */
@Timeout(60)
class ReplicatedGroupTest {
    @TempDir
    Path root;
    private TestCluster cluster;

    @BeforeEach
    void startCluster() {
        cluster = new TestCluster(root, 3, builder -> builder).startAll();
    }

    @AfterEach
    void closeCluster() {
        cluster.close();
    }

    @Test
    void entriesSubmittedOnAnyMemberApplyEverywhereInOneOrder() {
        int leader = cluster.awaitLeader();
        List<CompletableFuture<byte[]>> replies = new ArrayList<>();
        List<byte[]> entries = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            // Round-robin over the leader and both followers: followers forward to the leader.
            byte[] entry = ("entry-" + i).getBytes(StandardCharsets.UTF_8);
            entries.add(entry);
            replies.add(cluster.group((leader + i) % 3).submit(entry));
        }
        List<Long> counts = new ArrayList<>();
        for (CompletableFuture<byte[]> reply : replies) {
            counts.add(ByteBuffer.wrap(reply.join()).getLong());
        }
        // Each reply is the count after its entry: 30 distinct positions, 1..30.
        assertThat(counts).doesNotHaveDuplicates().allMatch(c -> c >= 1 && c <= 30);

        cluster.awaitConverged(leader);
        List<byte[]> order = cluster.machine(leader).appliedSinceStart();
        assertThat(order).hasSize(30);
        assertThat(order).usingElementComparator(java.util.Arrays::compare).containsExactlyInAnyOrderElementsOf(entries);
        for (int i = 0; i < 3; i++) {
            assertThat(cluster.machine(i).appliedSinceStart()).usingElementComparator(java.util.Arrays::compare)
                    .containsExactlyElementsOf(order);
            assertThat(cluster.machine(i).count()).isEqualTo(30);
        }
    }

    @Test
    void entriesFromOneMemberCommitInTheOrderSubmitted() {
        int follower = cluster.follower(cluster.awaitLeader());
        List<CompletableFuture<byte[]>> replies = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            replies.add(cluster.group(follower).submit(new byte[] {(byte) i}));
        }
        for (int i = 0; i < 20; i++) {
            assertThat(ByteBuffer.wrap(replies.get(i).join()).getLong()).isEqualTo(i + 1);
        }
    }

    @Test
    void aReadBarrierAfterAnAcknowledgedWriteSeesItOnEveryMember() {
        int leader = cluster.awaitLeader();
        for (int round = 0; round < 3; round++) {
            for (int reader = 0; reader < 3; reader++) {
                int writer = (reader + 1 + round) % 3;
                long count = ByteBuffer.wrap(cluster.group(writer).submit(new byte[] {(byte) reader}).join()).getLong();
                cluster.group(reader).readBarrier().join();
                // No waiting: once the barrier completes, this member's state holds the write.
                assertThat(cluster.machine(reader).count()).as("count on %s after the barrier", TestCluster.id(reader))
                        .isGreaterThanOrEqualTo(count);
            }
        }
        assertThat(cluster.group(leader).isLeader()).isTrue();
    }

    @Test
    void statusShowsTheLeaderTheFollowersAndTheirProgress() {
        int leader = cluster.awaitLeader();
        for (int i = 0; i < 5; i++) {
            cluster.group(leader).submit(new byte[] {1}).join();
        }
        cluster.awaitConverged(leader);
        // Ratis appends its own metadata entries after a commit, so the leader's log can run
        // one entry ahead of its commit index for a moment: wait for the log to settle.
        AtomicReference<GroupStatus> settled = new AtomicReference<>();
        TestCluster.await("the leader's log committed and applied", () -> {
            settled.set(cluster.group(leader).status());
            return settled.get().commitIndex() == settled.get().lastLogIndex()
                    && settled.get().appliedIndex() == settled.get().commitIndex();
        });
        GroupStatus status = settled.get();
        assertThat(status.isLeader()).isTrue();
        assertThat(status.role()).isEqualTo("LEADER");
        assertThat(status.leaderId()).isEqualTo(TestCluster.id(leader));
        assertThat(status.podNumber()).isEqualTo(TestCluster.POD);
        assertThat(status.groupId()).isEqualTo(RaftNode.groupId("test-cluster", TestCluster.POD));
        assertThat(status.commitIndex()).isEqualTo(status.lastLogIndex()).isGreaterThanOrEqualTo(5);
        assertThat(status.appliedIndex()).isEqualTo(status.commitIndex());
        assertThat(status.followers()).extracting(GroupStatus.FollowerStatus::id)
                .containsExactlyInAnyOrder(TestCluster.id((leader + 1) % 3), TestCluster.id((leader + 2) % 3));
        TestCluster.await("followers caught up in the leader's view",
                () -> cluster.group(leader).status().followers().stream().allMatch(f -> f.lagEntries() == 0));

        GroupStatus followerStatus = cluster.group(cluster.follower(leader)).status();
        assertThat(followerStatus.isLeader()).isFalse();
        assertThat(followerStatus.role()).isEqualTo("FOLLOWER");
        assertThat(followerStatus.leaderId()).isEqualTo(TestCluster.id(leader));
        assertThat(followerStatus.followers()).isEmpty();
        assertThat(followerStatus.term()).isEqualTo(status.term());
    }

    @Test
    void onlyTheLeaderRunsLeaderJobs() {
        int leader = cluster.awaitLeader();
        cluster.group(leader).submit(new byte[] {1}).join();
        TestCluster.await("leaderReady on the leader", () -> cluster.machine(leader).leading());
        for (int i = 0; i < 3; i++) {
            assertThat(cluster.machine(i).leading()).as("leading on %s", TestCluster.id(i)).isEqualTo(i == leader);
            assertThat(cluster.machine(i).pairingViolations()).isZero();
        }
    }

    @Test
    void anEntryOverTheLimitIsRefusedBeforeItIsSent() {
        int leader = cluster.awaitLeader();
        byte[] tooLarge = new byte[ReplicationConfig.ENTRY_SIZE_BYTES_MAX + 1];
        assertThatThrownBy(() -> cluster.group(leader).submit(tooLarge))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exceeds " + ReplicationConfig.ENTRY_SIZE_BYTES_MAX + " bytes");
        byte[] largest = new byte[ReplicationConfig.ENTRY_SIZE_BYTES_MAX];
        assertThat(ByteBuffer.wrap(cluster.group(cluster.follower(leader)).submit(largest).join()).getLong())
                .isEqualTo(1);
        cluster.awaitConverged(leader);
    }
}
