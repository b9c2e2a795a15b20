package dev.settle.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots and log purge: a member that lost everything, or missed purged entries, gets the
 * leader's snapshot and converges. Small thresholds and segments so that this happens in seconds.
 */
@Timeout(60)
class SnapshotInstallTest {
    static final long THRESHOLD_ENTRIES = 32;
    static final int ENTRY_BYTES = 1024;
    /** 1 KiB entries fill a segment of this size every ~60 entries: closed segments can be purged. */
    static final long SEGMENT_BYTES = ReplicationConfig.LOG_SEGMENT_SIZE_BYTES_MIN;

    @TempDir
    Path root;

    @Test
    void aWipedFollowerIsRestoredFromTheLeadersSnapshot() throws Exception {
        try (TestCluster cluster = new TestCluster(root, 3, builder -> builder
                .snapshotThresholdEntries(THRESHOLD_ENTRIES).logSegmentSizeBytes(SEGMENT_BYTES)).startAll()) {
            int leader = cluster.awaitLeader();
            submit(cluster, leader, 300);
            cluster.awaitConverged(leader);
            TestCluster.await("a snapshot and a purged log on the leader", () -> {
                GroupStatus status = cluster.group(leader).status();
                return status.snapshotIndex() > 0 && status.logStartIndex() > 0;
            }, () -> cluster.group(leader).status().toString());

            int follower = cluster.follower(leader);
            cluster.stop(follower);
            cluster.wipe(follower);
            submit(cluster, leader, 100);

            cluster.start(follower);
            assertThat(cluster.machine(follower).appliedIndex()).as("wiped").isZero();
            submit(cluster, leader, 1);
            cluster.awaitConverged(leader);
            assertThat(cluster.machine(follower).restores()).as("restored from an installed snapshot").isPositive();
            assertThat(cluster.machine(follower).count()).isEqualTo(401);
            assertThat(cluster.group(follower).status().snapshotIndex()).isPositive();
            try (var files = Files.walk(root.resolve(TestCluster.id(follower)))) {
                assertThat(files.map(Path::toString).filter(name -> name.endsWith(".md5")).toList())
                        .as("Ratis' install digests are cleared away").isEmpty();
            }
        }
    }

    @Test
    void aFollowerThatMissedPurgedEntriesCatchesUpBySnapshot() throws Exception {
        try (TestCluster cluster = new TestCluster(root, 3, builder -> builder
                .snapshotThresholdEntries(THRESHOLD_ENTRIES).logSegmentSizeBytes(SEGMENT_BYTES)).startAll()) {
            int leader = cluster.awaitLeader();
            submit(cluster, leader, 10);
            cluster.awaitConverged(leader);
            int follower = cluster.follower(leader);
            cluster.stop(follower);

            submit(cluster, leader, 300);
            TestCluster.await("the leader purged past what the stopped follower has", () -> {
                GroupStatus status = cluster.group(leader).status();
                return status.logStartIndex() > 20;
            }, () -> cluster.group(leader).status().toString());

            cluster.start(follower);
            assertThat(cluster.machine(follower).count()).as("its own state, recovered").isEqualTo(10);
            submit(cluster, leader, 1);
            cluster.awaitConverged(leader);
            assertThat(cluster.machine(follower).count()).isEqualTo(311);
            assertThat(cluster.machine(follower).restores()).isPositive();
        }
    }

    /** Submits {@code count} entries of {@link #ENTRY_BYTES} on {@code node}, 16 at a time, and waits for all. */
    private static void submit(TestCluster cluster, int node, int count) {
        List<CompletableFuture<byte[]>> window = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] entry = new byte[ENTRY_BYTES];
            entry[0] = (byte) i;
            window.add(cluster.group(node).submit(entry));
            if (window.size() == 16) {
                window.forEach(CompletableFuture::join);
                window.clear();
            }
        }
        window.forEach(CompletableFuture::join);
    }
}
