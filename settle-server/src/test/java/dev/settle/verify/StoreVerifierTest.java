package dev.settle.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settle.ledger.AccountBatch;
import dev.settle.ledger.AccountFlags;
import dev.settle.ledger.NewAccount;
import dev.settle.ledger.NewTransfer;
import dev.settle.ledger.TransferBatch;
import dev.settle.ledger.TransferFlags;
import dev.settle.ledger.UInt128;
import dev.settle.pod.LedgerClock;
import dev.settle.pod.Pod;
import dev.settle.pod.PodCommand;
import dev.settle.pod.PodConfig;
import dev.settle.store.LedgerStore;
import dev.settle.store.StoreLayout.ColumnFamily;
import dev.settle.store.StoreLayout;
import dev.settle.store.StoreOptions;
import dev.settle.store.WriteBatchRep;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreVerifierTest {
    static final int LEDGER = 1;
    static final long USD = 1;

    @TempDir
    Path directory;

    @BeforeEach
    void fillStore() {
        try (LedgerStore store = LedgerStore.open(directory, StoreOptions.defaults());
                Pod pod = Pod.start("verify", store, java.util.List.of(LEDGER), PodConfig.defaults(), LedgerClock.SYSTEM)) {
            AccountBatch accounts = new AccountBatch(3);
            accounts.add(NewAccount.of(UInt128.of(1), USD));
            accounts.add(NewAccount.of(UInt128.of(2), USD).withFlags(AccountFlags.HISTORY));
            accounts.add(NewAccount.of(UInt128.of(3), USD));
            pod.submit(PodCommand.accounts(LEDGER, accounts)).join();
            TransferBatch transfers = new TransferBatch(4);
            transfers.add(NewTransfer.of(UInt128.of(10), UInt128.of(1), UInt128.of(2), UInt128.of(100), USD));
            transfers.add(NewTransfer.of(UInt128.of(11), UInt128.of(2), UInt128.of(3), UInt128.of(40), USD)
                    .withFlags(TransferFlags.PENDING));
            transfers.add(NewTransfer.of(UInt128.of(12), UInt128.of(1), UInt128.of(3), UInt128.of(7), USD)
                    .withFlags(TransferFlags.PENDING));
            transfers.add(NewTransfer.resolving(UInt128.of(13), UInt128.of(12), TransferFlags.POST_PENDING_TRANSFER,
                    UInt128.of(5)));
            pod.submit(PodCommand.transfers(LEDGER, transfers)).join();
        }
    }

    @Test
    void aConsistentStorePasses() {
        VerifyReport report = verify();
        assertThat(report.passed()).as(report.render()).isTrue();
        assertThat(report.counts()).containsEntry("transfers", 4L).containsEntry("open pending transfers", 1L);
    }

    @Test
    void aTamperedBalanceIsFound() {
        rewrite(ColumnFamily.BALANCE_JOURNAL, true, record -> record[record.length - 1] ^= 1);
        VerifyReport report = verify();
        assertThat(report.passed()).isFalse();
        assertThat(report.render()).contains("FAILED  " + LedgerVerifier.BALANCES_MATCH_TRANSFERS)
                .contains("FAILED  " + LedgerVerifier.DOUBLE_ENTRY);
    }

    @Test
    void aBrokenTransferChainIsFound() {
        // The first transfer of the first chunk starts at byte 11; its debit account's previous transfer at +70.
        rewrite(ColumnFamily.TRANSFERS, false, record -> record[11 + 77] ^= 1);
        assertThat(verify().render()).contains("FAILED  " + LedgerVerifier.TRANSFER_CHAINS);
    }

    @Test
    void anUndecodableRecordIsReportedNotThrown() {
        rewrite(ColumnFamily.BALANCE_JOURNAL, false, record -> record[record.length - 1] ^= 0x40);
        assertThat(verify().render()).contains("FAILED  " + StoreVerifier.RECORDS_DECODE);
    }

    /** Changes the value of the first (or last) key of a column family, as a disk error or a bug might. */
    private void rewrite(ColumnFamily family, boolean last, java.util.function.Consumer<byte[]> change) {
        try (LedgerStore store = LedgerStore.open(directory, StoreOptions.defaults())) {
            byte[] key;
            byte[] value;
            try (var it = store.iterator(family)) {
                if (last) {
                    it.seekToLast();
                } else {
                    it.seekToFirst();
                }
                key = it.key();
                value = it.value();
            }
            change.accept(value);
            WriteBatchRep rep = new WriteBatchRep();
            rep.put(store.columnFamilyIds()[family.ordinal()], key, value);
            store.write(rep.toBytes());
        }
    }

    @Test
    void everyChangeHasItsEventAndAMissingOrAlteredEventIsFound() {
        assertThat(verify().counts()).containsEntry("events", 7L); // 3 accounts, 4 transfers
        // The second record holds the transfers' events: make the last one name another transfer.
        rewrite(ColumnFamily.EVENTS, true, record -> record[record.length - 1] ^= 1);
        assertThat(verify().render()).contains("FAILED  " + OutboxCheck.EVENTS_MATCH_CHANGES);
    }

    @Test
    void aPendingTransferThatIsNeitherOpenNorClosedIsFound() {
        try (LedgerStore store = LedgerStore.open(directory, StoreOptions.defaults())) {
            WriteBatchRep rep = new WriteBatchRep();
            int family = store.columnFamilyIds()[ColumnFamily.PENDING_OPEN.ordinal()];
            byte[] open;
            try (var it = store.iterator(ColumnFamily.PENDING_OPEN)) {
                it.seekToFirst();
                open = it.key();
            }
            rep.beginDelete(family, open.length).putBytes(open);
            store.write(rep.toBytes());
        }
        assertThat(verify().render()).contains("FAILED  " + LedgerVerifier.PENDING_STATES);
    }

    private VerifyReport verify() {
        try (LedgerStore store = LedgerStore.openReadOnly(directory)) {
            return StoreVerifier.verify(store);
        }
    }
}
