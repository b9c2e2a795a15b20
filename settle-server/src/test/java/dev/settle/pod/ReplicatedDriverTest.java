package dev.settle.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.settle.ledger.AccountBatch;
import dev.settle.ledger.CreateAccountResult;
import dev.settle.ledger.CreateTransferResult;
import dev.settle.ledger.NewAccount;
import dev.settle.ledger.NewTransfer;
import dev.settle.ledger.TransferBatch;
import dev.settle.ledger.UInt128;
import dev.settle.store.LedgerStore;
import dev.settle.store.StoreLayout.ColumnFamily;
import dev.settle.store.StoreOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replicated driver against an ordered log kept in memory (the Raft group's part, without
 * Raft): any member proposes, every member applies every entry in order, the proposer answers.
 */
class ReplicatedDriverTest {
    private static final int LEDGER = 1;
    private static final long USD = 840;
    private static final PodBatchCodec CODEC = PodBatches.CODEC;

    @TempDir
    Path a;
    @TempDir
    Path b;
    @TempDir
    Path c;

    private final InMemoryLog log = new InMemoryLog();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void everyMemberAppliesWhatAnyMemberProposedAndTheProposerAnswers() throws Exception {
        Pod one = member(a);
        Pod two = member(b);
        Pod three = member(c);

        AccountOutcomes accounts = one.submit(PodCommand.accounts(LEDGER, accounts(1, 2))).get(10, TimeUnit.SECONDS);
        TransferOutcomes first = two.submit(PodCommand.transfers(LEDGER, transfer(10, 1, 2, 100)))
                .get(10, TimeUnit.SECONDS);
        TransferOutcomes again = three.submit(PodCommand.transfers(LEDGER, transfer(10, 1, 2, 100)))
                .get(10, TimeUnit.SECONDS);

        assertThat(accounts.results().result(0)).isEqualTo(CreateAccountResult.OK);
        assertThat(first.results().result(0)).isEqualTo(CreateTransferResult.OK);
        assertThat(again.results().result(0)).as("the log ordered it after the first").isEqualTo(CreateTransferResult.EXISTS);
        for (Pod member : List.of(one, two, three)) {
            assertThat(member.accounts(LEDGER).find(UInt128.of(2)).creditsPosted()).isEqualTo(UInt128.of(100));
            assertThat(member.replica().appliedIndex()).isEqualTo(3);
        }
        String digest = closeAndDigest(one);
        assertThat(closeAndDigest(two)).isEqualTo(digest);
        assertThat(closeAndDigest(three)).isEqualTo(digest);
    }

    @Test
    void aMemberThatRestartsReplaysOnlyWhatItsStoreDoesNotHave() throws Exception {
        Pod one = member(a);
        LedgerStore bStore = LedgerStore.open(b, StoreOptions.defaults());
        Pod two = Pod.startReplicated("pod-0", bStore, List.of(LEDGER), PodConfig.defaults(), CODEC, log,
                new ManualClock(1), () -> List.of(LEDGER));
        log.members.add(two.replica());
        one.submit(PodCommand.accounts(LEDGER, accounts(1, 2))).get(10, TimeUnit.SECONDS);
        // The proposer hears back at its own apply, which may come before the other member's.
        dev.settle.cluster.LocalCluster.await(java.time.Duration.ofSeconds(10), () -> two.replica().appliedIndex() == 1);
        log.members.remove(two.replica());
        two.close();
        bStore.close();
        one.submit(PodCommand.transfers(LEDGER, transfer(10, 1, 2, 5))).get(10, TimeUnit.SECONDS);
        one.submit(PodCommand.transfers(LEDGER, transfer(11, 2, 1, 3))).get(10, TimeUnit.SECONDS);

        Pod back = member(b);
        assertThat(back.replica().appliedIndex()).as("from its store").isEqualTo(1);
        log.replayTo(back.replica());

        assertThat(back.replica().appliedIndex()).isEqualTo(3);
        assertThat(back.accounts(LEDGER).find(UInt128.of(1)).creditsPosted()).isEqualTo(UInt128.of(3));
        assertThat(closeAndDigest(back)).isEqualTo(closeAndDigest(one));
    }

    @Test
    void aMemberRestoredFromAnotherMembersSnapshotHasItsStateAndAppliesWhatFollows(@TempDir Path snapshots)
            throws Exception {
        Pod one = member(a);
        one.submit(PodCommand.accounts(LEDGER, accounts(1, 2))).get(10, TimeUnit.SECONDS);
        one.submit(PodCommand.transfers(LEDGER, transfer(10, 1, 2, 7))).get(10, TimeUnit.SECONDS);
        Path snapshot = snapshots.resolve("at-2");
        one.replica().snapshot(snapshot);
        Pod wiped = member(b);
        log.hold = true;
        CompletableFuture<AccountOutcomes> waiting = wiped.submit(PodCommand.accounts(LEDGER, accounts(3)));

        wiped.replica().restore(snapshot);

        assertThat(wiped.replica().appliedIndex()).isEqualTo(2);
        assertThat(wiped.accounts(LEDGER).find(UInt128.of(2)).creditsPosted()).isEqualTo(UInt128.of(7));
        assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS)).as("its proposal may be inside the snapshot")
                .hasCauseInstanceOf(PodUnavailableException.class).hasMessageContaining("installed a snapshot");
        log.hold = false;
        one.submit(PodCommand.transfers(LEDGER, transfer(11, 2, 1, 3))).get(10, TimeUnit.SECONDS);
        // The proposer hears back at its own apply, which may come before the other member's.
        dev.settle.cluster.LocalCluster.await(java.time.Duration.ofSeconds(10), () -> wiped.replica().appliedIndex() == 3);
        assertThat(closeAndDigest(wiped)).isEqualTo(closeAndDigest(one));
    }

    @Test
    void ofTwoMembersCreatingALedgerWithTheSameClaimTheFirstInTheLogWins() throws Exception {
        Pod one = member(a);
        Pod two = member(b);
        PodCommand.Put claim = new PodCommand.Put(ColumnFamily.DEFAULT, "tenant_name/acme".getBytes(), new byte[] {1});
        PodCommand.Put record = new PodCommand.Put(ColumnFamily.TENANTS, new byte[] {7}, new byte[] {8});
        List<PodCommand.Put> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        two.onRecorded(seen::add);

        int first = one.submit(new PodCommand.CreateLedger(5, List.of(record), List.of(claim))).get(10, TimeUnit.SECONDS);
        int second = two.submit(new PodCommand.CreateLedger(6, List.of(record), List.of(claim))).get(10, TimeUnit.SECONDS);

        assertThat(first).isEqualTo(PodCommand.CreateLedger.CREATED);
        assertThat(second).as("the index of the taken claim").isZero();
        assertThat(two.hasLedger(5)).isTrue();
        assertThat(two.hasLedger(6)).as("a refused creation installs nothing").isFalse();
        assertThat(seen).extracting(PodCommand.Put::family).containsExactly(ColumnFamily.DEFAULT, ColumnFamily.TENANTS);
        assertThat(PodBatches.roundTrip(PodBatches.batch(PodBatches.entry(
                new PodCommand.CreateLedger(5, List.of(record), List.of(claim))))).entries()).hasSize(1);
    }

    @Test
    void aKeyAnsweredByOneMemberIsNotAppliedAgainForAnother() throws Exception {
        Pod one = member(a);
        Pod two = member(b);
        one.submit(PodCommand.accounts(LEDGER, accounts(1, 2))).get(10, TimeUnit.SECONDS);
        byte[] key = {0, 0, 0, 1, 42};

        Object first = one.submit(PodCommand.transfers(LEDGER, transfer(10, 1, 2, 5)),
                PodBatches.fixed(key, new byte[] {1})).get(10, TimeUnit.SECONDS);
        Object second = two.submit(PodCommand.transfers(LEDGER, transfer(11, 1, 2, 5)),
                PodBatches.fixed(key, new byte[] {2})).get(10, TimeUnit.SECONDS);

        assertThat(first).isInstanceOf(TransferOutcomes.class);
        assertThat(second).isInstanceOf(AlreadyAnswered.class);
        assertThat(((AlreadyAnswered) second).storedAnswer()).containsExactly(1);
        for (Pod member : List.of(one, two)) {
            assertThat(member.accounts(LEDGER).find(UInt128.of(2)).creditsPosted())
                    .as("the second request with the key was not applied").isEqualTo(UInt128.of(5));
        }
    }

    @Test
    void aProposalTheLogCannotCommitFailsItsCallersWithUnavailable() throws Exception {
        Pod one = member(a);
        log.refuse = true;

        CompletableFuture<AccountOutcomes> refused = one.submit(PodCommand.accounts(LEDGER, accounts(1)));

        assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(PodUnavailableException.class)
                .hasMessageContaining("could not commit");
        log.refuse = false;
        assertThat(one.submit(PodCommand.accounts(LEDGER, accounts(1))).get(10, TimeUnit.SECONDS).results().result(0))
                .as("nothing of the refused proposal was applied").isEqualTo(CreateAccountResult.OK);
    }

    @Test
    void anEntryThatFailsToApplyStopsThePod() throws Exception {
        Pod one = member(a);

        assertThatThrownBy(() -> one.replica().applyCommitted(1, new byte[] {9, 9}))
                .hasMessageContaining("a pod log entry starts with its format");
        assertThat(one.isAvailable()).isFalse();
        assertThatThrownBy(() -> one.submit(PodCommand.accounts(LEDGER, accounts(1))).join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(PodUnavailableException.class);
    }

    private Pod member(Path directory) {
        LedgerStore store = LedgerStore.open(directory, StoreOptions.defaults());
        open.add(store);
        Pod pod = Pod.startReplicated("pod-0", store, List.of(LEDGER), PodConfig.defaults(), CODEC, log,
                new ManualClock(1_700_000_000_000_000_000L), () -> List.of(LEDGER));
        open.add(pod);
        log.members.add(pod.replica());
        return pod;
    }

    private String closeAndDigest(Pod pod) {
        log.members.remove(pod.replica());
        pod.close();
        return pod.stateDigest(LEDGER);
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

    /** A log that commits each proposal at once, applying it on every member in order. */
    private static final class InMemoryLog implements PodLog {
        final List<PodReplica> members = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<byte[]> entries = new ArrayList<>();
        volatile boolean refuse;
        /** Proposals neither commit nor fail: they wait, as behind a slow majority. */
        volatile boolean hold;

        @Override
        public synchronized CompletableFuture<?> propose(byte[] entry) {
            if (refuse) {
                return CompletableFuture.failedFuture(new IllegalStateException("no majority"));
            }
            if (hold) {
                return new CompletableFuture<>();
            }
            entries.add(entry);
            long index = entries.size();
            for (PodReplica member : members) {
                member.applyCommitted(index, entry);
            }
            return CompletableFuture.completedFuture(null);
        }

        synchronized void replayTo(PodReplica member) {
            for (int i = 0; i < entries.size(); i++) {
                member.applyCommitted(i + 1, entries.get(i));
            }
        }
    }
}
