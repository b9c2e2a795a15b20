package dev.settle.store;

import dev.settle.ledger.AccountRecord;
import dev.settle.ledger.LedgerEngine;
import dev.settle.ledger.TransferStatus;
import dev.settle.store.StoreLayout.ColumnFamily;
import java.util.Arrays;
import org.rocksdb.RocksIterator;

/**
 * Loads a ledger's engine from the store at start: the applied position, every account with its
 * balances, and the open pending transfers. Transfers themselves stay on disk, so start-up time
 * grows with accounts and open pending transfers, not with history.
 */
public final class StoreRecovery {
    /** What was loaded, for the start-up log line and the benchmark. */
    public record Loaded(LedgerEngine engine, long accounts, long openPendingTransfers, long transferIds,
            long millis) {}

    private StoreRecovery() {}

    public static Loaded recover(LedgerStore store, int ledger) {
        long started = System.nanoTime();
        LedgerEngine engine = new LedgerEngine();
        byte[] position = store.get(ColumnFamily.DEFAULT, StoreLayout.positionKey(ledger));
        if (position != null) {
            engine.restorePosition(Bytes.getLong(position, 8), Bytes.getLong(position, 0));
        }
        long accounts = loadAccounts(store, ledger, engine);
        long pendings = loadOpenPendings(store, ledger, engine);
        long ids = loadTransferIds(store, ledger, engine);
        return new Loaded(engine, accounts, pendings, ids, (System.nanoTime() - started) / 1_000_000);
    }

    /** Every stored transfer id (keys only), so the engine knows which ids need a lookup. */
    private static long loadTransferIds(LedgerStore store, int ledger, LedgerEngine engine) {
        byte[] prefix = StoreLayout.ledgerPrefix(ledger);
        long count = 0;
        try (RocksIterator ids = store.iterator(ColumnFamily.TRANSFER_IDS)) {
            for (ids.seek(prefix); ids.isValid() && hasPrefix(ids.key(), prefix); ids.next()) {
                byte[] key = ids.key();
                engine.restoreTransferId(Bytes.getLong(key, StoreLayout.LEDGER_BYTES),
                        Bytes.getLong(key, StoreLayout.LEDGER_BYTES + 8));
                count++;
            }
            checkIterator(ids);
        }
        return count;
    }

    private static long loadAccounts(LedgerStore store, int ledger, LedgerEngine engine) {
        byte[] prefix = StoreLayout.ledgerPrefix(ledger);
        long count = 0;
        try (RocksIterator accounts = store.iterator(ColumnFamily.ACCOUNTS);
                RocksIterator balances = store.iterator(ColumnFamily.BALANCES)) {
            accounts.seek(prefix);
            balances.seek(prefix);
            while (accounts.isValid() && hasPrefix(accounts.key(), prefix)) {
                byte[] key = accounts.key();
                if (!balances.isValid() || !Arrays.equals(key, balances.key())) {
                    throw new CorruptStoreException("an account has no balances record");
                }
                AccountRecord account = RecordCodec.decodeAccount(key, accounts.value(), balances.value());
                engine.restoreAccount(account);
                count++;
                accounts.next();
                balances.next();
            }
            checkIterator(accounts);
            checkIterator(balances);
        }
        return count;
    }

    private static long loadOpenPendings(LedgerStore store, int ledger, LedgerEngine engine) {
        byte[] prefix = StoreLayout.ledgerPrefix(ledger);
        long count = 0;
        try (RocksIterator open = store.iterator(ColumnFamily.PENDING_OPEN)) {
            for (open.seek(prefix); open.isValid() && hasPrefix(open.key(), prefix); open.next()) {
                long timestamp = Bytes.getLong(open.key(), StoreLayout.LEDGER_BYTES);
                byte[] record = store.get(ColumnFamily.TRANSFERS, open.key());
                if (record == null) {
                    throw new CorruptStoreException("an open pending transfer has no transfer record");
                }
                engine.restorePending(RecordCodec.decodeTransfer(timestamp, record, TransferStatus.PENDING));
                count++;
            }
            checkIterator(open);
        }
        return count;
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

    static void checkIterator(RocksIterator iterator) {
        try {
            iterator.status();
        } catch (org.rocksdb.RocksDBException e) {
            throw new StoreException("reading the data directory failed: " + e.getMessage(), e);
        }
    }
}
