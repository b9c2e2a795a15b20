package dev.settle.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.settle.ledger.AccountBatch;
import dev.settle.ledger.CreateTransferResult;
import dev.settle.ledger.Invariants;
import dev.settle.ledger.NewAccount;
import dev.settle.ledger.NewTransfer;
import dev.settle.ledger.TransferBatch;
import dev.settle.ledger.TransferFlags;
import dev.settle.ledger.UInt128;
import dev.settle.store.LedgerStore;
import dev.settle.store.StoreOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pod's seam driven directly, as a driver other than the local writer (a Raft group) will:
 * ordered, timestamped batches in; write sets, outcomes and durable reads out.
 */
class LedgerStateMachineTest {
    static final int LEDGER = 1;
    static final long START_NANOS = 1_700_000_000_000_000_000L;
    static final long SECOND_NANOS = 1_000_000_000L;

    @TempDir
    Path first;
    @TempDir
    Path second;

    @Test
    void twoStateMachinesGivenTheSameBatchesProduceTheSameWriteSetsAndState() {
        try (LedgerStore a = LedgerStore.open(first, StoreOptions.defaults());
                LedgerStore b = LedgerStore.open(second, StoreOptions.defaults())) {
            Driver one = new Driver(a);
            Driver two = new Driver(b);
            List<PodBatch> batches = List.of(
                    batch(1, START_NANOS, accounts(1, 2, 3)),
                    batch(2, START_NANOS + SECOND_NANOS, transfer(10, 1, 2, 100), transfer(11, 2, 3, 40)),
                    batch(3, START_NANOS + 2 * SECOND_NANOS, pending(12, 1, 3, 5, 1)),
                    batch(4, START_NANOS + 5 * SECOND_NANOS));
            for (PodBatch batch : batches) {
                AppliedBatch x = one.run(batch);
                AppliedBatch y = two.run(batch);
                assertThat(y.writeSet()).as("write set of batch %d", batch.sequence()).isEqualTo(x.writeSet());
                assertThat(y.outcomes()).hasSameSizeAs(batch.entries());
            }
            assertThat(two.state.stateDigest(LEDGER)).isEqualTo(one.state.stateDigest(LEDGER));
            // Batch 4 carried no command: its time expired the pending transfer of batch 3.
            assertThat(one.state.accounts(LEDGER).find(UInt128.of(1)).debitsPending()).isEqualTo(UInt128.ZERO);
        }
    }

    @Test
    void outcomesComeInTheBatchOrderAndReadsSeeOnlyPublishedBatches() {
        try (LedgerStore store = LedgerStore.open(first, StoreOptions.defaults())) {
            Driver driver = new Driver(store);
            driver.run(batch(1, START_NANOS, accounts(1, 2)));
            AppliedBatch applied = driver.state.apply(batch(2, START_NANOS + 1, transfer(10, 1, 2, 7),
                    transfer(10, 1, 2, 8)));
            assertThat(((TransferOutcomes) applied.outcomes()[0]).results().result(0))
                    .isEqualTo(CreateTransferResult.OK);
            assertThat(((TransferOutcomes) applied.outcomes()[1]).results().result(0))
                    .isEqualTo(CreateTransferResult.EXISTS_WITH_DIFFERENT_AMOUNT);
            assertThat(driver.state.accounts(LEDGER).find(UInt128.of(2)).creditsPosted())
                    .as("not durable yet").isEqualTo(UInt128.ZERO);
            store.write(applied.writeSet());
            driver.state.publish(applied);
            assertThat(driver.state.accounts(LEDGER).find(UInt128.of(2)).creditsPosted()).isEqualTo(UInt128.of(7));
        }
    }

    @Test
    void aRemovalRefusesTheLedgersLaterEntriesOfTheSameBatchUnapplied() {
        try (LedgerStore store = LedgerStore.open(first, StoreOptions.defaults())) {
            Driver driver = new Driver(store);
            driver.run(batch(1, START_NANOS, accounts(1, 2)));
            AppliedBatch applied = driver.run(batch(2, START_NANOS + 1, transfer(10, 1, 2, 7),
                    new PodBatch.Entry(new PodCommand.RemoveLedger(LEDGER), null, null), transfer(11, 1, 2, 9)));
            assertThat(applied.outcomes()[0]).isInstanceOf(TransferOutcomes.class);
            assertThat(applied.outcomes()[1]).isNull();
            assertThat(applied.outcomes()[2]).isInstanceOf(LedgerMovedException.class);
            assertThat(driver.state.hasLedger(LEDGER)).isFalse();

            driver.run(batch(3, START_NANOS + 2, new PodBatch.Entry(new PodCommand.AddLedger(LEDGER), null, null)));
            assertThat(driver.state.accounts(LEDGER).find(UInt128.of(2)).creditsPosted())
                    .as("recovered from the store: transfer 10 only").isEqualTo(UInt128.of(7));
        }
    }

    @Test
    void batchesApplyInSequence() {
        try (LedgerStore store = LedgerStore.open(first, StoreOptions.defaults())) {
            LedgerStateMachine state = LedgerStateMachine.recover(store, List.of(LEDGER));
            assertThatThrownBy(() -> state.apply(batch(2, START_NANOS, accounts(1))))
                    .isInstanceOf(Invariants.InvariantViolation.class);
        }
    }

    /** The smallest driver: apply, write (synced), publish, release, one batch at a time. */
    static final class Driver {
        final LedgerStore store;
        final LedgerStateMachine state;

        Driver(LedgerStore store) {
            this.store = store;
            this.state = LedgerStateMachine.recover(store, List.of(LEDGER));
        }

        AppliedBatch run(PodBatch batch) {
            AppliedBatch applied = state.apply(batch);
            store.write(applied.writeSet());
            state.publish(applied);
            state.releaseThrough(applied.sequence());
            return applied;
        }
    }

    private static PodBatch batch(long sequence, long timeNanos, PodBatch.Entry... entries) {
        return new PodBatch(sequence, timeNanos, new ArrayList<>(Arrays.asList(entries)));
    }

    private static PodBatch.Entry accounts(long... ids) {
        AccountBatch batch = new AccountBatch(ids.length);
        for (long id : ids) {
            batch.add(NewAccount.of(UInt128.of(id), 1));
        }
        return new PodBatch.Entry(PodCommand.accounts(LEDGER, batch), null, null);
    }

    private static PodBatch.Entry transfer(long id, long debit, long credit, long amount) {
        return transfers(NewTransfer.of(UInt128.of(id), UInt128.of(debit), UInt128.of(credit), UInt128.of(amount), 1));
    }

    private static PodBatch.Entry pending(long id, long debit, long credit, long amount, long timeoutSeconds) {
        return transfers(NewTransfer.of(UInt128.of(id), UInt128.of(debit), UInt128.of(credit), UInt128.of(amount), 1)
                .withFlags(TransferFlags.PENDING).withTimeout(timeoutSeconds));
    }

    private static PodBatch.Entry transfers(NewTransfer transfer) {
        TransferBatch batch = new TransferBatch(1);
        batch.add(transfer);
        return new PodBatch.Entry(PodCommand.transfers(LEDGER, batch), null, null);
    }
}
