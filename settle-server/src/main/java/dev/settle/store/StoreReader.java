package dev.settle.store;

import dev.settle.ledger.AccountRecord;
import dev.settle.ledger.Balances;
import dev.settle.ledger.KnownTransferId;
import dev.settle.ledger.TransactionRecord;
import dev.settle.ledger.TransferRecord;
import dev.settle.ledger.TransferStatus;
import dev.settle.ledger.UInt128;
import dev.settle.store.StoreLayout.ColumnFamily;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads of durable state: only what a synced batch wrote is visible, so a reader never sees an
 * effect that a crash could still take back.
 */
public final class StoreReader {
    private StoreReader() {}

    public static AccountRecord account(LedgerStore store, int ledger, UInt128 id) {
        return StoredAccounts.account(store, ledger, id);
    }

    /** An account as it was created: zero balances, its creation flags; null when there is no such account. */
    public static AccountRecord accountAtCreation(LedgerStore store, int ledger, UInt128 id) {
        byte[] key = StoreLayout.idKey(ledger, id.high(), id.low());
        byte[] account = store.get(ColumnFamily.ACCOUNTS, key);
        return account == null ? null
                : RecordCodec.decodeAccount(key, account, RecordCodec.initialBalances(RecordCodec.creationFlags(account)));
    }

    /** The transaction with this id, or null (also null for an id that only failed). */
    public static TransactionRecord transaction(LedgerStore store, int ledger, UInt128 id) {
        byte[] value = store.get(ColumnFamily.TRANSACTIONS, StoreLayout.idKey(ledger, id.high(), id.low()));
        return value != null && RecordCodec.decodeTransaction(id, value) instanceof TransactionRecord t ? t : null;
    }

    /** The metadata an account was created with (null: none or no such account); reads one record. */
    public static byte[] accountMetadata(LedgerStore store, int ledger, UInt128 id) {
        byte[] account = store.get(ColumnFamily.ACCOUNTS, StoreLayout.idKey(ledger, id.high(), id.low()));
        return account == null ? null : RecordCodec.accountMetadata(account);
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
        TransferRecord record = TransferChunks.find(store, ledger, RecordCodec.idTimestamp(value),
                RecordCodec.idStatus(value));
        if (record == null) {
            throw new CorruptStoreException("a transfer id points at a missing transfer record");
        }
        return record;
    }

    /**
     * An account's transfers, newest first, following its transfer chain: from the newest when
     * {@code afterTimestamp} is 0, else from the one before the account's transfer at
     * {@code afterTimestamp}. At most {@code limit}; empty when the account does not exist.
     */
    public static List<TransferRecord> accountTransfers(LedgerStore store, int ledger, UInt128 account,
            long afterTimestamp, int limit) {
        return accountTransfers(store, ledger, account, newestTransfer(store, ledger, account), afterTimestamp, limit);
    }

    /**
     * As {@link #accountTransfers(LedgerStore, int, UInt128, long, int)}, with the account's
     * newest transfer timestamp known (from a read model): no balance overlay to read.
     */
    public static List<TransferRecord> accountTransfers(LedgerStore store, int ledger, UInt128 account,
            long newestTimestamp, long afterTimestamp, int limit) {
        List<TransferRecord> page = new ArrayList<>();
        long next = afterTimestamp == 0 ? newestTimestamp : afterTimestamp;
        if (afterTimestamp != 0 && next != 0) {
            TransferRecord cursor = transferAt(store, ledger, next);
            next = cursor == null ? 0 : previousOf(cursor, account);
        }
        while (next != 0 && page.size() < limit) {
            TransferRecord t = transferAt(store, ledger, next);
            if (t == null) {
                throw new CorruptStoreException("a transfer chain points at a missing transfer");
            }
            page.add(t);
            next = previousOf(t, account);
        }
        return page;
    }

    private static long newestTransfer(LedgerStore store, int ledger, UInt128 account) {
        AccountRecord stored = StoredAccounts.account(store, ledger, account);
        return stored == null ? 0 : stored.lastTransferTimestamp();
    }

    private static long previousOf(TransferRecord t, UInt128 account) {
        return t.debitAccountId().equals(account) ? t.previousDebitTimestamp() : t.previousCreditTimestamp();
    }

    /** The transfer with this timestamp, with its current status, or null. */
    public static TransferRecord transferAt(LedgerStore store, int ledger, long timestamp) {
        TransferRecord t = TransferChunks.find(store, ledger, timestamp, TransferStatus.POSTED);
        if (t == null) {
            return null;
        }
        byte[] idValue = store.get(ColumnFamily.TRANSFER_IDS, StoreLayout.idKey(ledger, t.id().high(), t.id().low()));
        if (idValue == null || !RecordCodec.isCreated(idValue)) {
            throw new CorruptStoreException("a transfer is missing from the id index");
        }
        return t.withStatus(RecordCodec.idStatus(idValue));
    }

    /** The balance history of an account (accounts with the history flag), oldest first. */
    public static List<Balances> history(LedgerStore store, int ledger, UInt128 account) {
        byte[] prefix = StoreLayout.idKey(ledger, account.high(), account.low());
        List<Balances> rows = new ArrayList<>();
        try (StoreIterator it = store.iterator(ColumnFamily.HISTORY)) {
            for (it.seek(prefix); it.isValid() && StoreRecovery.hasPrefix(it.key(), prefix); it.next()) {
                rows.add(RecordCodec.decodeHistory(Bytes.getLong(it.key(), StoreLayout.ID_KEY_BYTES), it.value()));
            }
            StoreRecovery.checkIterator(it);
        }
        return rows;
    }
}
