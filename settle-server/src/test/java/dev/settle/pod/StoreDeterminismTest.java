package dev.settle.pod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settle.ledger.AccountBatch;
import dev.settle.ledger.AccountFlags;
import dev.settle.ledger.NewAccount;
import dev.settle.ledger.NewTransfer;
import dev.settle.ledger.TransferBatch;
import dev.settle.ledger.TransferFlags;
import dev.settle.ledger.UInt128;
import dev.settle.store.LedgerStore;
import dev.settle.store.StoreIterator;
import dev.settle.store.StoreLayout.ColumnFamily;
import dev.settle.store.StoreLayout;
import dev.settle.store.StoreOptions;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two pods given the same commands at the same (manual) times write byte-identical stores and
 * reach the same state digest: what replication and replay will rely on.
 */
class StoreDeterminismTest {
    static final int LEDGER = 1;

    @TempDir
    Path first;

    @TempDir
    Path second;

    @Test
    void sameCommandsAtSameTimesWriteIdenticalStores() throws Exception {
        String[] a = runWorkload(first);
        String[] b = runWorkload(second);
        assertThat(b[0]).as("state digest").isEqualTo(a[0]);
        assertThat(b[1]).as("digest of every key and value in the store").isEqualTo(a[1]);
    }

    /** Returns {state digest, store content digest}. */
    private static String[] runWorkload(Path directory) throws Exception {
        ManualClock clock = new ManualClock(1_700_000_000_000_000_000L);
        Random random = new Random(42);
        String stateDigest;
        try (LedgerStore store = LedgerStore.open(directory, StoreOptions.defaults())) {
            Pod pod = Pod.start("determinism", store, java.util.List.of(LEDGER), PodConfig.defaults(), clock);
            AccountBatch accounts = new AccountBatch(20);
            for (int a = 1; a <= 20; a++) {
                accounts.add(NewAccount.of(UInt128.of(a), 1).withFlags(a % 3 == 0 ? AccountFlags.HISTORY : 0));
            }
            pod.submit(PodCommand.accounts(LEDGER, accounts)).join();
            for (int round = 0; round < 50; round++) {
                clock.advance(random.nextInt(3) * 700_000_000L);
                pod.submit(PodCommand.transfers(LEDGER, randomTransfers(random, round))).join();
            }
            pod.close();
            stateDigest = pod.stateDigest(LEDGER);
            return new String[] {stateDigest, contentDigest(store)};
        }
    }

    private static TransferBatch randomTransfers(Random random, int round) {
        TransferBatch batch = new TransferBatch(20);
        for (int i = 0; i < 20; i++) {
            long id = round * 100L + i + 1;
            int debit = 1 + random.nextInt(20);
            int credit = 1 + (debit + random.nextInt(19)) % 20;
            NewTransfer t = NewTransfer.of(UInt128.of(id), UInt128.of(debit), UInt128.of(credit),
                    UInt128.of(random.nextInt(50)), 1);
            int kind = random.nextInt(4);
            if (kind == 1) {
                t = t.withFlags(TransferFlags.PENDING).withTimeout(1 + random.nextInt(2));
            } else if (kind == 2 && round > 0) {
                long pending = (round - 1) * 100L + 1 + random.nextInt(20);
                t = NewTransfer.resolving(UInt128.of(id), UInt128.of(pending), TransferFlags.POST_PENDING_TRANSFER,
                        UInt128.MAX);
            }
            batch.add(t);
        }
        return batch;
    }

    private static String contentDigest(LedgerStore store) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (ColumnFamily family : ColumnFamily.values()) {
            sha.update(StoreLayout.COLUMN_FAMILIES.get(family.ordinal()).getBytes());
            try (StoreIterator it = store.iterator(family)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    sha.update(it.key());
                    sha.update(it.value());
                }
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
