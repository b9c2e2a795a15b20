package dev.settle.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settle.ledger.AccountBatch;
import dev.settle.ledger.NewAccount;
import dev.settle.ledger.NewTransfer;
import dev.settle.ledger.TransferBatch;
import dev.settle.ledger.UInt128;
import dev.settle.pod.ManualClock;
import dev.settle.pod.Pod;
import dev.settle.pod.PodCommand;
import dev.settle.pod.PodConfig;
import dev.settle.secrets.KeyCheck;
import dev.settle.store.LedgerStore;
import dev.settle.store.StoreLayout.ColumnFamily;
import dev.settle.store.StoreOptions;
import dev.settle.store.WriteBatchRep;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checksum that replicas compare: equal for equal state, whatever the node-local records. */
class StateChecksumTest {
    private static final int LEDGER = 1;
    private static final long USD = 1;

    @TempDir
    Path first;
    @TempDir
    Path second;

    @Test
    void theSameCommandsAtTheSameTimesGiveTheSameChecksum() {
        fill(first, 100);
        fill(second, 100);

        assertThat(StoreVerifier.checksum(first)).isEqualTo(StoreVerifier.checksum(second));
        assertThat(StoreVerifier.checksum(first).records()).isPositive();
    }

    @Test
    void anyDifferenceInStateChangesIt() {
        fill(first, 100);
        fill(second, 101);

        assertThat(StoreVerifier.checksum(first).sha256()).isNotEqualTo(StoreVerifier.checksum(second).sha256());
    }

    @Test
    void theNodesOwnKeyCheckRecordIsLeftOut() {
        fill(first, 100);
        StateChecksum before = StoreVerifier.checksum(first);
        try (LedgerStore store = LedgerStore.open(first, StoreOptions.defaults())) {
            WriteBatchRep rep = new WriteBatchRep();
            rep.put(store.columnFamilyIds()[ColumnFamily.DEFAULT.ordinal()], KeyCheck.KEY, new byte[] {1, 2, 3});
            store.write(rep.toBytes());
        }

        assertThat(StoreVerifier.checksum(first)).isEqualTo(before);
    }

    private static void fill(Path directory, long amount) {
        ManualClock clock = new ManualClock(1_700_000_000_000_000_000L);
        try (LedgerStore store = LedgerStore.open(directory, StoreOptions.defaults());
                Pod pod = Pod.start("checksum", store, List.of(LEDGER), PodConfig.defaults(), clock)) {
            AccountBatch accounts = new AccountBatch(2);
            accounts.add(NewAccount.of(UInt128.of(1), USD));
            accounts.add(NewAccount.of(UInt128.of(2), USD));
            pod.submit(PodCommand.accounts(LEDGER, accounts)).join();
            TransferBatch transfers = new TransferBatch(1);
            transfers.add(NewTransfer.of(UInt128.of(10), UInt128.of(1), UInt128.of(2), UInt128.of(amount), USD));
            pod.submit(PodCommand.transfers(LEDGER, transfers)).join();
        }
    }
}
