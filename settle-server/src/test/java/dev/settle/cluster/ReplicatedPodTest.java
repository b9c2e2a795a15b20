package dev.settle.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settle.api.StoredAnswers;
import dev.settle.ledger.AccountBatch;
import dev.settle.ledger.CreateAccountResult;
import dev.settle.ledger.CreateTransferResult;
import dev.settle.ledger.NewAccount;
import dev.settle.ledger.NewTransfer;
import dev.settle.ledger.TransferBatch;
import dev.settle.ledger.UInt128;
import dev.settle.pod.AccountOutcomes;
import dev.settle.pod.DurableResponseCodec;
import dev.settle.pod.LedgerClock;
import dev.settle.pod.PodBatchCodec;
import dev.settle.pod.PodCommand;
import dev.settle.pod.PodConfig;
import dev.settle.pod.TransferOutcomes;
import dev.settle.replication.RaftNode;
import dev.settle.replication.ReplicationConfig;
import dev.settle.store.LedgerStore;
import dev.settle.store.StoreOptions;
import dev.settle.verify.StateChecksum;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes in this JVM, each with its own store and Raft storage, replicating one pod through
 * Apache Ratis: writes proposed on any node, applied on all, the same state everywhere, and a
 * leader's loss survived.
 */
class ReplicatedPodTest {
    private static final int NODES = 3;
    private static final int POD = 0;
    private static final int LEDGER = 1;
    private static final long USD = 840;
    private static final Duration AWAIT_MAX = Duration.ofSeconds(30);
    private static final PodBatchCodec CODEC = new PodBatchCodec(new DurableResponseCodec(StoredAnswers::byId));

    @TempDir
    Path root;

    private final String[] peers = new String[1];
    private final LedgerStore[] stores = new LedgerStore[NODES];
    private final RaftNode[] nodes = new RaftNode[NODES];
    private final ReplicatedPod[] pods = new ReplicatedPod[NODES];

    @AfterEach
    void stopAll() {
        for (int i = 0; i < NODES; i++) {
            if (nodes[i] != null) {
                stop(i);
            }
        }
    }

    @Test
    void writesProposedOnAnyNodeAreAppliedOnAllAndLeaveTheSameState() throws Exception {
        startAll();

        AccountOutcomes accounts = pods[0].pod().submit(PodCommand.accounts(LEDGER, accounts(1, 2, 3)))
                .get(AWAIT_MAX.toSeconds(), TimeUnit.SECONDS);
        TransferOutcomes second = pods[1].pod().submit(PodCommand.transfers(LEDGER, transfer(10, 1, 2, 70)))
                .get(AWAIT_MAX.toSeconds(), TimeUnit.SECONDS);
        TransferOutcomes third = pods[2].pod().submit(PodCommand.transfers(LEDGER, transfer(11, 2, 3, 30)))
                .get(AWAIT_MAX.toSeconds(), TimeUnit.SECONDS);

        assertThat(accounts.results().result(2)).isEqualTo(CreateAccountResult.OK);
        assertThat(second.results().result(0)).isEqualTo(CreateTransferResult.OK);
        assertThat(third.results().result(0)).isEqualTo(CreateTransferResult.OK);
        for (int i = 0; i < NODES; i++) {
            pods[i].group().readBarrier().get(AWAIT_MAX.toSeconds(), TimeUnit.SECONDS);
            assertThat(pods[i].pod().accounts(LEDGER).find(UInt128.of(3)).creditsPosted())
                    .as("a read after the barrier on node %d", i).isEqualTo(UInt128.of(30));
        }
        assertSameStateEverywhere();
    }

    @Test
    void aLeadersLossIsSurvivedAndItCatchesUpWhenItReturns() throws Exception {
        startAll();
        pods[0].pod().submit(PodCommand.accounts(LEDGER, accounts(1, 2))).get(AWAIT_MAX.toSeconds(), TimeUnit.SECONDS);
        int leader = leader();

        stop(leader);
        int survivor = (leader + 1) % NODES;
        TransferOutcomes during = pods[survivor].pod().submit(PodCommand.transfers(LEDGER, transfer(10, 1, 2, 5)))
                .get(AWAIT_MAX.toSeconds(), TimeUnit.SECONDS);
        start(leader);
        TransferOutcomes after = pods[leader].pod().submit(PodCommand.transfers(LEDGER, transfer(11, 2, 1, 2)))
                .get(AWAIT_MAX.toSeconds(), TimeUnit.SECONDS);

        assertThat(during.results().result(0)).isEqualTo(CreateTransferResult.OK);
        assertThat(after.results().result(0)).isEqualTo(CreateTransferResult.OK);
        assertSameStateEverywhere();
        assertThat(pods[leader].pod().accounts(LEDGER).find(UInt128.of(1)).creditsPosted()).isEqualTo(UInt128.of(2));
    }

    private void assertSameStateEverywhere() {
        LocalCluster.await(AWAIT_MAX, () -> pods[0].pod().replica().appliedIndex() == pods[1].pod().replica().appliedIndex()
                && pods[1].pod().replica().appliedIndex() == pods[2].pod().replica().appliedIndex());
        StateChecksum first = StateChecksum.of(stores[0]);
        for (int i = 1; i < NODES; i++) {
            assertThat(StateChecksum.of(stores[i])).as("node %d against node 0", i).isEqualTo(first);
        }
    }

    private int leader() {
        LocalCluster.await(AWAIT_MAX, () -> {
            for (ReplicatedPod pod : pods) {
                if (pod != null && pod.group().isLeader()) {
                    return true;
                }
            }
            return false;
        });
        for (int i = 0; i < NODES; i++) {
            if (pods[i] != null && pods[i].group().isLeader()) {
                return i;
            }
        }
        throw new AssertionError("no leader");
    }

    private void startAll() {
        peers[0] = LocalCluster.peers(NODES);
        for (int i = 0; i < NODES; i++) {
            start(i);
        }
    }

    private void start(int i) {
        Path dir = root.resolve("n" + i);
        stores[i] = LedgerStore.open(dir.resolve("data"), StoreOptions.defaults());
        nodes[i] = new RaftNode(ReplicationConfig.builder().clusterName("test").nodeId("n" + i).peers(peers[0])
                .storageDir(dir.resolve("raft")).build());
        pods[i] = ReplicatedPod.join(nodes[i], POD, stores[i], List.of(LEDGER), PodConfig.defaults(), CODEC,
                LedgerClock.SYSTEM, () -> List.of(LEDGER));
        try {
            nodes[i].start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void stop(int i) {
        pods[i].pod().close();
        nodes[i].close();
        stores[i].close();
        pods[i] = null;
        nodes[i] = null;
        stores[i] = null;
    }



    private static AccountBatch accounts(long... ids) {
        AccountBatch batch = new AccountBatch(ids.length);
        for (long id : ids) {
            batch.add(NewAccount.of(UInt128.of(id), USD));
        }
        return batch;
    }

    private static TransferBatch transfer(long id, long debit, long credit, long amount) {
        TransferBatch batch = new TransferBatch(1);
        batch.add(NewTransfer.of(UInt128.of(id), UInt128.of(debit), UInt128.of(credit), UInt128.of(amount), USD));
        return batch;
    }
}
