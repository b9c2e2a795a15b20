package dev.settle.replication;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Figures for docs/decisions/0013 and docs/benchmarks.md, printed, never asserted: failover time
 * over ten leader closes and over ten leader kills (SIGKILL of a member in its own process), and
 * submit throughput and latency with 1 KiB entries (and 1 MiB ones, a pod batch's size). Off unless
 * asked for: it takes a few minutes and wants the machine to itself.
 *
 * <pre>
 * mvn -B -q -o -pl settle-server -am test -Dtest='ReplicationMeasurementsTest' \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dsettle.replication.measure=true \
 *     [-Dsettle.replication.election=500,1000]
 * </pre>
 */
@EnabledIfSystemProperty(named = "settle.replication.measure", matches = "true")
class ReplicationMeasurementsTest {
    static final int FAILOVERS = 10;
    static final int ENTRY_BYTES = 1024;
    static final int ENTRIES = 5_000;

    @TempDir
    Path root;

    private static ReplicationConfig.Builder settings(ReplicationConfig.Builder builder) {
        String election = System.getProperty("settle.replication.election");
        if (election != null) {
            String[] millis = election.split(",");
            Duration min = Duration.ofMillis(Long.parseLong(millis[0].strip()));
            Duration max = Duration.ofMillis(Long.parseLong(millis[1].strip()));
            builder.electionTimeout(min, max).submitTimeout(max.multipliedBy(5));
        }
        return builder;
    }

    @Test
    @Timeout(300)
    void failoverOverTenLeaderCloses() throws Exception {
        long[] toLeaderMillis = new long[FAILOVERS];
        long[] toWriteMillis = new long[FAILOVERS];
        try (TestCluster cluster = new TestCluster(root, 3, ReplicationMeasurementsTest::settings).startAll()) {
            for (int round = 0; round < FAILOVERS; round++) {
                int leader = cluster.awaitLeader();
                cluster.group(leader).submit(new byte[ENTRY_BYTES]).join();
                cluster.awaitConverged(leader);

                long started = System.nanoTime();
                cluster.stop(leader);
                int newLeader = pollForLeader(cluster, leader);
                toLeaderMillis[round] = millisSince(started);
                int survivor = 3 - leader - newLeader;
                cluster.group(survivor).submit(new byte[ENTRY_BYTES]).join();
                toWriteMillis[round] = millisSince(started);
                System.out.printf("failover %2d: %s gone, %s leads after %5d ms, first write after %5d ms%n",
                        round + 1, TestCluster.id(leader), TestCluster.id(newLeader), toLeaderMillis[round],
                        toWriteMillis[round]);
                cluster.start(leader);
                cluster.group(newLeader).submit(new byte[ENTRY_BYTES]).join();
                cluster.awaitConverged(newLeader);
            }
            System.out.printf("failover (election timeout %d-%d ms), from %s:%n"
                    + "  new leader ready: median %d ms, min %d, max %d (all: %s)%n"
                    + "  first acknowledged write (on the other follower): median %d ms, max %d%n",
                    cluster.config(0).electionTimeoutMin().toMillis(), cluster.config(0).electionTimeoutMax().toMillis(),
                    "close() of the leader's node", median(toLeaderMillis), min(toLeaderMillis), max(toLeaderMillis),
                    Arrays.toString(toLeaderMillis), median(toWriteMillis), max(toWriteMillis));
        }
    }

    /**
     * A real crash: the leader runs in a process of its own ({@link ReplicaProcess}) and is killed
     * with SIGKILL; the other two members run here and are timed until one of them leads.
     */
    @Test
    @Timeout(300)
    void failoverOverTenLeaderKills() throws Exception {
        long[] toLeaderMillis = new long[FAILOVERS];
        long[] toWriteMillis = new long[FAILOVERS];
        int external = 2;
        try (TestCluster cluster = new TestCluster(root, 3, ReplicationMeasurementsTest::settings)) {
            cluster.start(0);
            cluster.start(1);
            Process replica = startReplica(cluster, external);
            try {
                for (int round = 0; round < FAILOVERS; round++) {
                    makeLeader(cluster, external);
                    long started = System.nanoTime();
                    replica.destroyForcibly();
                    int newLeader = pollForLeader(cluster, external);
                    toLeaderMillis[round] = millisSince(started);
                    cluster.group(1 - newLeader).submit(new byte[ENTRY_BYTES]).join();
                    toWriteMillis[round] = millisSince(started);
                    System.out.printf("kill %2d: %s killed, %s leads after %5d ms, first write after %5d ms%n",
                            round + 1, TestCluster.id(external), TestCluster.id(newLeader), toLeaderMillis[round],
                            toWriteMillis[round]);
                    replica.waitFor();
                    replica = startReplica(cluster, external);
                }
            } finally {
                replica.destroyForcibly();
                replica.waitFor();
            }
            System.out.printf("failover (election timeout %d-%d ms), from SIGKILL of the leader's process:%n"
                    + "  new leader ready: median %d ms, min %d, max %d (all: %s)%n"
                    + "  first acknowledged write (on the other follower): median %d ms, max %d%n",
                    cluster.config(0).electionTimeoutMin().toMillis(), cluster.config(0).electionTimeoutMax().toMillis(),
                    median(toLeaderMillis), min(toLeaderMillis), max(toLeaderMillis),
                    Arrays.toString(toLeaderMillis), median(toWriteMillis), max(toWriteMillis));
        }
    }

    private Process startReplica(TestCluster cluster, int node) throws Exception {
        Process process = new ProcessBuilder(cluster.replicaCommand(node))
                .redirectErrorStream(true)
                .start();
        java.io.BufferedReader output = new java.io.BufferedReader(
                new java.io.InputStreamReader(process.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
        CompletableFuture<Void> ready = CompletableFuture.runAsync(() -> {
            try {
                for (String line; (line = output.readLine()) != null; ) {
                    if (line.equals(ReplicaProcess.READY)) {
                        return;
                    }
                }
                throw new IllegalStateException("replica exited before it was ready");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        ready.get(TestCluster.AWAIT_MAX.toSeconds(), TimeUnit.SECONDS);
        // Keep draining its output so that it never blocks on a full pipe.
        Thread drain = new Thread(() -> {
            try {
                while (output.readLine() != null) {
                    // discarded: Ratis logs at INFO in the replica (no logback-test.xml applies there).
                }
            } catch (java.io.IOException e) {
                // The replica is gone.
            }
        });
        drain.setDaemon(true);
        drain.start();
        return process;
    }

    /** Moves leadership to {@code node} (which runs elsewhere) once it has caught up, and waits until it serves. */
    private static void makeLeader(TestCluster cluster, int node) throws Exception {
        org.apache.ratis.protocol.RaftPeerId target = org.apache.ratis.protocol.RaftPeerId.valueOf(TestCluster.id(node));
        long deadline = System.nanoTime() + TestCluster.AWAIT_MAX.toNanos();
        while (!TestCluster.id(node).equals(cluster.group(0).status().leaderId())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("could not move leadership to " + target);
            }
            cluster.group(0).submit(new byte[ENTRY_BYTES]).join();
            try {
                cluster.group(0).raftClient().admin().transferLeadership(target, 3_000);
            } catch (java.io.IOException e) {
                Thread.sleep(100);
            }
        }
        cluster.group(0).submit(new byte[ENTRY_BYTES]).join();
        cluster.group(1).submit(new byte[ENTRY_BYTES]).join();
    }

    @Test
    @Timeout(300)
    void submitThroughputWithOneKibEntries() {
        try (TestCluster cluster = new TestCluster(root, 3, ReplicationMeasurementsTest::settings).startAll()) {
            int leader = cluster.awaitLeader();
            run(cluster, leader, "warm-up on the leader", 1_000, 32);
            long termBefore = cluster.group(leader).status().term();
            run(cluster, leader, "leader, 1 in flight", 1_000, 1);
            run(cluster, leader, "leader, 8 in flight", ENTRIES, 8);
            run(cluster, leader, "leader, 32 in flight", ENTRIES, 32);
            run(cluster, leader, "leader, 64 in flight", ENTRIES, RatisProperties.IN_FLIGHT_MAX);
            run(cluster, cluster.follower(leader), "follower, 32 in flight", ENTRIES, 32);
            // A pod batch is one entry of up to ~1 MB: bytes per second matter more than entries.
            run(cluster, leader, "leader, 1 MiB, 4 in flight", 200, 4, 1024 * 1024);
            long termAfter = cluster.group(leader).status().term();
            System.out.printf("terms during the load: %d -> %d (a change is an election)%n", termBefore, termAfter);
        }
    }

    private static void run(TestCluster cluster, int node, String label, int entries, int window) {
        run(cluster, node, label, entries, window, ENTRY_BYTES);
    }

    private static void run(TestCluster cluster, int node, String label, int entries, int window, int entryBytes) {
        Semaphore slots = new Semaphore(window);
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<byte[]>> all = new ArrayList<>(entries);
        long started = System.nanoTime();
        for (int i = 0; i < entries; i++) {
            slots.acquireUninterruptibly();
            byte[] entry = new byte[entryBytes];
            entry[0] = (byte) i;
            long submitted = System.nanoTime();
            all.add(cluster.group(node).submit(entry).whenComplete((reply, error) -> {
                latencies.add(System.nanoTime() - submitted);
                slots.release();
            }));
        }
        all.forEach(CompletableFuture::join);
        double seconds = (System.nanoTime() - started) / 1e9;
        long[] micros = latencies.stream().mapToLong(n -> TimeUnit.NANOSECONDS.toMicros(n)).sorted().toArray();
        System.out.printf("%-28s %6d entries: %7.0f entries/s, %6.2f MB/s, latency p50 %6.2f ms, p99 %6.2f ms,"
                + " max %6.2f ms%n", label, entries, entries / seconds, entries * (double) entryBytes / seconds / 1e6,
                micros[micros.length / 2] / 1e3, micros[(int) (micros.length * 0.99)] / 1e3,
                micros[micros.length - 1] / 1e3);
    }

    /** Polls every 2 ms (finer than the tests' waits) for a ready leader other than {@code old}. */
    private static int pollForLeader(TestCluster cluster, int old) {
        long deadline = System.nanoTime() + TestCluster.AWAIT_MAX.toNanos();
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < cluster.size(); i++) {
                if (i != old && cluster.running(i) && cluster.group(i).isLeader()) {
                    return i;
                }
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no leader within " + TestCluster.AWAIT_MAX);
    }

    private static long millisSince(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static long min(long[] values) {
        return Arrays.stream(values).min().orElse(0);
    }

    private static long max(long[] values) {
        return Arrays.stream(values).max().orElse(0);
    }
}
