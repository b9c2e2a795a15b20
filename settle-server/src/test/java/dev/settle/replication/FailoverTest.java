package dev.settle.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settle.replication.ReplicationUnavailableException.Reason;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Losing the leader, losing the majority, and coming back from storage. */
@Timeout(60)
class FailoverTest {
    /** Short, to keep the test short: the config allows no less than twice the election timeout max. */
    static final Duration SUBMIT_TIMEOUT = Duration.ofSeconds(2);
    /** What the future may take beyond its timeout: scheduling on two busy cores, not a second attempt. */
    static final Duration COMPLETION_SLACK = Duration.ofSeconds(3);

    @TempDir
    Path root;

    @Test
    void aNewLeaderTakesOverAndTheOldOneCatchesUpFromItsStorage() {
        try (TestCluster cluster = new TestCluster(root, 3, builder -> builder).startAll()) {
            int leader = cluster.awaitLeader();
            for (int i = 0; i < 10; i++) {
                cluster.group(cluster.follower(leader)).submit(new byte[] {(byte) i}).join();
            }
            cluster.awaitConverged(leader);
            long appliedBeforeStop = cluster.machine(leader).appliedIndex();
            ChainStateMachine oldLeaderMachine = cluster.machine(leader);

            cluster.stop(leader);
            assertThat(oldLeaderMachine.notLeaderCalls()).as("leader jobs stopped when its node closed").isEqualTo(
                    oldLeaderMachine.leaderReadyCalls());
            // Asked during the election: waits for the new leader's read index instead of failing.
            int reader = (leader + 1) % 3;
            cluster.group(reader).readBarrier().join();
            assertThat(cluster.machine(reader).count()).isEqualTo(10);
            int newLeader = cluster.awaitLeader();
            assertThat(newLeader).isNotEqualTo(leader);
            int survivor = cluster.follower(newLeader);
            for (int i = 0; i < 10; i++) {
                long count = ByteBuffer.wrap(cluster.group(survivor).submit(new byte[] {(byte) (100 + i)}).join())
                        .getLong();
                assertThat(count).isEqualTo(11 + i);
            }
            TestCluster.await("leader jobs on the new leader", () -> cluster.machine(newLeader).leading());

            cluster.start(leader);
            assertThat(cluster.machine(leader).appliedIndex()).as("state recovered from its own storage")
                    .isEqualTo(appliedBeforeStop);
            cluster.group(newLeader).submit(new byte[] {(byte) 200}).join();
            cluster.awaitConverged(newLeader);
            assertThat(cluster.machine(leader).count()).isEqualTo(21);
            assertThat(cluster.machine(leader).firstIndexSinceStart()).as("only entries after its applied index")
                    .isGreaterThan(appliedBeforeStop);
            assertThat(cluster.machine(leader).appliedSinceStart()).hasSize(11);
            assertThat(cluster.machine(leader).leading()).isFalse();
            for (int i = 0; i < 3; i++) {
                assertThat(cluster.machine(i).pairingViolations()).isZero();
            }
        }
    }

    @Test
    void withoutAMajoritySubmitsAndReadsFailWithinTheTimeout() throws Exception {
        try (TestCluster cluster = new TestCluster(root, 3, builder -> builder.submitTimeout(SUBMIT_TIMEOUT))
                .startAll()) {
            int leader = cluster.awaitLeader();
            cluster.group(leader).submit(new byte[] {1}).join();
            int lonely = cluster.follower(leader);
            for (int i = 0; i < 3; i++) {
                if (i != lonely) {
                    cluster.stop(i);
                }
            }

            assertUnavailableInTime(cluster.group(lonely).submit(new byte[] {2}));
            assertUnavailableInTime(cluster.group(lonely).readBarrier());
            assertThat(cluster.group(lonely).isLeader()).isFalse();
            assertThat(cluster.machine(lonely).count()).isEqualTo(1);
        }
    }

    @Test
    void aLeaderThatLostItsMajorityFailsSubmitsWithinTheTimeout() throws Exception {
        try (TestCluster cluster = new TestCluster(root, 3, builder -> builder.submitTimeout(SUBMIT_TIMEOUT))
                .startAll()) {
            int leader = cluster.awaitLeader();
            cluster.group(leader).submit(new byte[] {1}).join();
            for (int i = 0; i < 3; i++) {
                if (i != leader) {
                    cluster.stop(i);
                }
            }
            // Submitted at once, while it may still believe it leads: appended, never committed.
            assertUnavailableInTime(cluster.group(leader).submit(new byte[] {2}));
            assertThat(cluster.machine(leader).count()).isEqualTo(1);
        }
    }

    private static void assertUnavailableInTime(CompletableFuture<?> future) throws Exception {
        long started = System.nanoTime();
        try {
            future.get(SUBMIT_TIMEOUT.plus(COMPLETION_SLACK).toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("completed without a majority");
        } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(ReplicationUnavailableException.class);
            assertThat(((ReplicationUnavailableException) e.getCause()).reason()).isEqualTo(Reason.NO_QUORUM);
        }
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        System.out.println("failed without a majority after " + elapsedMillis + " ms (timeout "
                + SUBMIT_TIMEOUT.toMillis() + " ms)");
        assertThat(future).isCompletedExceptionally();
        try {
            future.join();
        } catch (CompletionException e) {
            assertThat(e.getCause()).hasMessageContaining("NO_QUORUM");
        }
    }
}
