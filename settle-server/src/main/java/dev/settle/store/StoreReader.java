package dev.settle.store;

import dev.settle.ledger.AccountRecord;
import dev.settle.ledger.Balances;
import dev.settle.ledger.KnownTransferId;
import dev.settle.ledger.TransferRecord;
import dev.settle.ledger.UInt128;
import dev.settle.store.StoreLayout.ColumnFamily;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.RocksIterator;

/**
 * Reads of durable state: only what a synced batch wrote is visible, so a reader never sees an
 * effect that a crash could still take back.
 */
public final class StoreReader {
    private StoreReader() {}

    public static AccountRecord account(LedgerStore store, int ledger, UInt128 id) {
        byte[] key = StoreLayout.idKey(ledger, id.high(), id.low());
        byte[] account = store.get(ColumnFamily.ACCOUNTS, key);
        if (account == null) {
            return null;
        }
        byte[] balances = store.get(ColumnFamily.BALANCES, key);
        if (balances == null) {
            throw new CorruptStoreException("an account has no balances record");
        }
        return RecordCodec.decodeAccount(key, account, balances);
    }

    /** The transfer with this id, or null (also null for an id that only failed). */
    public static TransferRecord transfer(LedgerStore store, int ledger, UInt128 id) {
        return transferId(store, ledger, id) instanceof TransferRecord t ? t : null;
    }

    /** The transfer or failed attempt with this id, or null. */
    public static KnownTransferId transferId(LedgerStore store, int ledger, UInt128 id) {
        byte[] value = store.get(ColumnFamily.TRANSFER_IDS, StoreLayout.idKey(ledger, id.high(), id.low()));
        if (value == null) {
            return null;
        }
        if (!RecordCodec.isCreated(value)) {
            return RecordCodec.decodeFailedTransfer(value);
        }
        long timestamp = RecordCodec.idTimestamp(value);
        byte[] record = store.get(ColumnFamily.TRANSFERS, StoreLayout.timestampKey(ledger, timestamp));
        if (record == null) {
            throw new CorruptStoreException("a transfer id points at a missing transfer record");
        }
        return RecordCodec.decodeTransfer(timestamp, record, RecordCodec.idStatus(value));
    }

    /** The balance history of an account (accounts with the history flag), oldest first. */
    public static List<Balances> history(LedgerStore store, int ledger, UInt128 account) {
        byte[] prefix = StoreLayout.idKey(ledger, account.high(), account.low());
        List<Balances> rows = new ArrayList<>();
        try (RocksIterator it = store.iterator(ColumnFamily.HISTORY)) {
            for (it.seek(prefix); it.isValid() && StoreRecovery.hasPrefix(it.key(), prefix); it.next()) {
                rows.add(RecordCodec.decodeHistory(Bytes.getLong(it.key(), StoreLayout.ID_KEY_BYTES), it.value()));
            }
            StoreRecovery.checkIterator(it);
        }
        return rows;
    }
}
