package dev.settle.pod;

import static dev.settle.pod.PodBatches.entry;
import static dev.settle.pod.PodBatches.roundTrip;
import static dev.settle.pod.PodBatches.transferBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.settle.events.EventType;
import dev.settle.ledger.AccountBatch;
import dev.settle.ledger.CreateTransferResult;
import dev.settle.ledger.NewAccount;
import dev.settle.ledger.NewTransfer;
import dev.settle.ledger.TransferBatch;
import dev.settle.ledger.TransferFlags;
import dev.settle.ledger.UInt128;
import dev.settle.store.LedgerStore;
import dev.settle.store.StoreLayout.ColumnFamily;
import dev.settle.store.StoreOptions;
import dev.settle.store.outbox.NotedEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A guarded change applies whole when its records are as expected and its transfers pass, else not at all. */
class GuardedChangeTest {
    private static final int LEDGER = LedgerStateMachineTest.LEDGER;
    private static final byte[] KEY = "intent-1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NONE = new byte[0];

    @TempDir
    Path dir;

    @Test
    void appliesWhenTheRecordIsAsExpectedAndNotWhenAnotherChangeCameFirst() {
        try (LedgerStore store = LedgerStore.open(dir, StoreOptions.defaults())) {
            LedgerStateMachineTest.Driver driver = new LedgerStateMachineTest.Driver(store);
            driver.run(batch(1, entry(accounts(1, 2))));
            // Two changes from the same starting point in one batch: the first wins, the second is stale.
            AppliedBatch applied = driver.run(batch(2,
                    entry(change(NONE, value("v1"), transfers(NewTransfer.of(UInt128.of(10), UInt128.of(1),
                            UInt128.of(2), UInt128.of(5), 1)))),
                    entry(change(NONE, value("other"), transfers()))));
            assertThat(((GuardedOutcome) applied.outcomes()[0]).status()).isEqualTo(GuardedOutcome.Status.APPLIED);
            assertThat(((GuardedOutcome) applied.outcomes()[1]).status()).isEqualTo(GuardedOutcome.Status.STALE);
            assertThat(store.get(ColumnFamily.PAYMENTS, KEY)).isEqualTo(value("v1"));
            assertThat(driver.state.accounts(LEDGER).find(UInt128.of(2)).creditsPosted()).isEqualTo(UInt128.of(5));

            // The next change reads what the first wrote.
            AppliedBatch next = driver.run(batch(3, entry(change(value("v1"), value("v2"), transfers()))));
            assertThat(((GuardedOutcome) next.outcomes()[0]).applied()).isTrue();
            assertThat(store.get(ColumnFamily.PAYMENTS, KEY)).isEqualTo(value("v2"));
        }
    }

    @Test
    void guardedRecordsApplyWholeOrNotAtAll() {
        byte[] other = "line-2".getBytes(StandardCharsets.US_ASCII);
        try (LedgerStore store = LedgerStore.open(dir, StoreOptions.defaults())) {
            LedgerStateMachineTest.Driver driver = new LedgerStateMachineTest.Driver(store);
            driver.run(batch(1, entry(accounts(1))));
            AppliedBatch applied = driver.run(batch(2,
                    entry(records(List.of(claim(KEY)), List.of(write(KEY, value("a")), write(other, value("b"))))),
                    entry(records(List.of(claim(other)), List.of(write(other, value("c")))))));
            assertThat(((GuardedOutcome) applied.outcomes()[0]).applied()).isTrue();
            assertThat(((GuardedOutcome) applied.outcomes()[1]).status()).isEqualTo(GuardedOutcome.Status.STALE);
            assertThat(store.get(ColumnFamily.RECONCILIATION, KEY)).isEqualTo(value("a"));
            assertThat(store.get(ColumnFamily.RECONCILIATION, other)).isEqualTo(value("b"));
        }
        roundTrip(PodBatches.batch(entry(records(List.of(claim(KEY)), List.of(write(KEY, value("a")))))));
    }

    private static PodCommand.GuardedRecords records(List<PodCommand.Put> expected, List<PodCommand.Put> writes) {
        return new PodCommand.GuardedRecords(LEDGER, expected, writes, List.of());
    }

    private static PodCommand.Put claim(byte[] key) {
        return new PodCommand.Put(ColumnFamily.RECONCILIATION, key, NONE);
    }

    private static PodCommand.Put write(byte[] key, byte[] value) {
        return new PodCommand.Put(ColumnFamily.RECONCILIATION, key, value);
    }

    @Test
    void aFailedTransferRefusesTheWholeChange() {
        try (LedgerStore store = LedgerStore.open(dir, StoreOptions.defaults())) {
            LedgerStateMachineTest.Driver driver = new LedgerStateMachineTest.Driver(store);
            driver.run(batch(1, entry(accounts(1, 2))));
            NewTransfer good = NewTransfer.of(UInt128.of(10), UInt128.of(1), UInt128.of(2), UInt128.of(5), 1)
                    .withFlags(TransferFlags.LINKED);
            NewTransfer toNowhere = NewTransfer.of(UInt128.of(11), UInt128.of(1), UInt128.of(99), UInt128.of(5), 1);
            AppliedBatch applied = driver.run(batch(2, entry(change(NONE, value("v1"), transfers(good, toNowhere)))));
            GuardedOutcome outcome = (GuardedOutcome) applied.outcomes()[0];
            assertThat(outcome.status()).isEqualTo(GuardedOutcome.Status.REFUSED);
            assertThat(outcome.transferResults().result(1)).isEqualTo(CreateTransferResult.CREDIT_ACCOUNT_NOT_FOUND);
            assertThat(store.get(ColumnFamily.PAYMENTS, KEY)).isNull();
            assertThat(driver.state.accounts(LEDGER).find(UInt128.of(2)).creditsPosted()).isEqualTo(UInt128.ZERO);
        }
    }

    @Test
    void travelsThroughTheCodecAndRefusesAnUnlinkedChain() {
        roundTrip(PodBatches.batch(entry(change(value("v1"), value("v2"), transfers(
                NewTransfer.of(UInt128.of(10), UInt128.of(1), UInt128.of(2), UInt128.of(5), 1)
                        .withFlags(TransferFlags.LINKED | TransferFlags.PENDING),
                NewTransfer.of(UInt128.of(11), UInt128.of(1), UInt128.of(2), UInt128.of(5), 1))))));
        assertThatThrownBy(() -> change(NONE, value("v1"), transfers(
                NewTransfer.of(UInt128.of(10), UInt128.of(1), UInt128.of(2), UInt128.of(5), 1),
                NewTransfer.of(UInt128.of(11), UInt128.of(1), UInt128.of(2), UInt128.of(5), 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("linked chain");
    }

    private static PodCommand.GuardedChange change(byte[] expected, byte[] next, TransferBatch transfers) {
        return new PodCommand.GuardedChange(LEDGER, List.of(new PodCommand.Put(ColumnFamily.PAYMENTS, KEY, expected)),
                transfers, List.of(new PodCommand.Put(ColumnFamily.PAYMENTS, KEY, next)),
                List.of(new NotedEvent(EventType.PAYMENT_INTENT_SUCCEEDED, UInt128.of(7), 3)));
    }

    private static TransferBatch transfers(NewTransfer... transfers) {
        return transferBatch(List.of(transfers));
    }

    private static PodCommand.CreateAccounts accounts(long... ids) {
        AccountBatch batch = new AccountBatch(ids.length);
        for (long id : ids) {
            batch.add(NewAccount.of(UInt128.of(id), 1));
        }
        return PodCommand.accounts(LEDGER, batch);
    }

    private static byte[] value(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static PodBatch batch(long sequence, PodBatch.Entry... entries) {
        return new PodBatch(sequence, sequence * LedgerStateMachineTest.SECOND_NANOS, List.of(entries));
    }
}
