package dev.settle.store;

import dev.settle.ledger.LedgerEngine;
import dev.settle.ledger.TransferIdRestore;
import dev.settle.ledger.TransferRecord;
import dev.settle.ledger.TransferStatus;
import dev.settle.store.StoreLayout.ColumnFamily;

/**
 * Loads a ledger's engine from the store at start: the applied position, every account with its
 * balances, and the open pending transfers. Transfers themselves stay on disk, so start-up time
 * grows with accounts and open pending transfers, not with history.
 */
public final class StoreRecovery {
    /** What was loaded, for the start-up log line and the benchmark. */
    public record Loaded(LedgerEngine engine, long checkpointSequence, int[] changedSinceCheckpoint, long accounts,
            long openPendingTransfers, long millis) {}

    private StoreRecovery() {}

    public static Loaded recover(LedgerStore store, int ledger) {
        long started = System.nanoTime();
        LedgerEngine engine = new LedgerEngine();
        RecordCodec.Position position = StoredAccounts.position(store, ledger);
        engine.restorePosition(position.lastTimestamp(), position.sequence());
        long accounts = StoredAccounts.forEach(store, ledger, java.util.Map.of(), engine::restoreAccount);
        int[] changedSinceCheckpoint = replayJournal(store, ledger, position.checkpointSequence(), engine);
        long pendings = loadOpenPendings(store, ledger, engine);
        return new Loaded(engine, position.checkpointSequence(), changedSinceCheckpoint, accounts, pendings,
                (System.nanoTime() - started) / 1_000_000);
    }

    /** Applies the journal after the checkpoint to the accounts; returns the slots it changed (with repeats). */
    private static int[] replayJournal(LedgerStore store, int ledger, long checkpoint, LedgerEngine engine) {
        long[] balances = new long[8];
        int[][] slots = {new int[1024]};
        int[] count = {0};
        StoredAccounts.forEachJournalEntry(store, ledger, checkpoint, (account, record, offset) -> {
            int flags = RecordCodec.decodeBalances(record, offset, balances);
            int slot = engine.restoreAccountState(account.high(), account.low(), flags,
                    RecordCodec.lastTransfer(record, offset), balances);
            if (slot < 0) {
                throw new CorruptStoreException("the balance journal names an account that does not exist");
            }
            if (count[0] == slots[0].length) {
                slots[0] = java.util.Arrays.copyOf(slots[0], count[0] * 2);
            }
            slots[0][count[0]++] = slot;
        });
        return java.util.Arrays.copyOf(slots[0], count[0]);
    }

    private static long loadOpenPendings(LedgerStore store, int ledger, LedgerEngine engine) {
        byte[] prefix = StoreLayout.ledgerPrefix(ledger);
        long count = 0;
        try (StoreIterator open = store.iterator(ColumnFamily.PENDING_OPEN)) {
            for (open.seek(prefix); open.isValid() && hasPrefix(open.key(), prefix); open.next()) {
                long timestamp = Bytes.getLong(open.key(), StoreLayout.LEDGER_BYTES);
                TransferRecord record = TransferChunks.find(store, ledger, timestamp, TransferStatus.PENDING);
                if (record == null) {
                    throw new CorruptStoreException("an open pending transfer has no transfer record");
                }
                engine.restorePending(record);
                count++;
            }
            checkIterator(open);
        }
        return count;
    }

    /**
     * Reads every stored transfer id (keys only) into {@code restore}, so the engine learns which
     * ids need a lookup; runs after start-up on its own thread. Stops early, returning -1, when
     * {@code keepGoing} turns false (the pod is closing).
     */
    public static long loadTransferIds(LedgerStore store, int ledger, TransferIdRestore restore,
            java.util.function.BooleanSupplier keepGoing) {
        byte[] prefix = StoreLayout.ledgerPrefix(ledger);
        long count = 0;
        try (StoreIterator ids = store.iterator(ColumnFamily.TRANSFER_IDS)) {
            for (ids.seek(prefix); ids.isValid() && hasPrefix(ids.key(), prefix); ids.next()) {
                if ((count & 0xFFFF) == 0 && !keepGoing.getAsBoolean()) {
                    return -1;
                }
                byte[] key = ids.key();
                restore.add(Bytes.getLong(key, StoreLayout.LEDGER_BYTES), Bytes.getLong(key, StoreLayout.LEDGER_BYTES + 8));
                count++;
            }
            checkIterator(ids);
        }
        return count;
    }

    /** RocksDB's estimate of the stored transfer ids (all ledgers), to size the filter once. */
    public static long estimatedTransferIds(LedgerStore store) {
        try {
            return Long.parseLong(store.property(ColumnFamily.TRANSFER_IDS, "rocksdb.estimate-num-keys").trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static boolean hasPrefix(byte[] key, byte[] prefix) {
        if (key.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (key[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    static void checkIterator(StoreIterator iterator) {
        iterator.checkStatus();
    }
}
