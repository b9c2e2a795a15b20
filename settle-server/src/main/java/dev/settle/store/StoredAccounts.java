package dev.settle.store;

import dev.settle.ledger.AccountRecord;
import dev.settle.ledger.UInt128;
import dev.settle.store.StoreLayout.ColumnFamily;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Accounts as stored: the immutable account record, the balances record of the last checkpoint
 * (absent for an account created since), and the balance journal written after the checkpoint,
 * newest entry winning. Recovery, verification and reads all see accounts through this class.
 */
public final class StoredAccounts {
    private StoredAccounts() {}

    /** Calls {@code visitor} with every account of the ledger, in id order; returns how many. */
    public static long forEach(LedgerStore store, int ledger, Consumer<AccountRecord> visitor) {
        RecordCodec.Position position = position(store, ledger);
        return forEach(store, ledger, journalAfter(store, ledger, position.checkpointSequence()), visitor);
    }

    /**
     * Calls {@code visitor} with every account as of its checkpoint record, overlaid with
     * {@code journal} (empty: the caller applies the journal itself, see {@link #forEachJournalEntry}).
     */
    public static long forEach(LedgerStore store, int ledger, Map<UInt128, byte[]> journal,
            Consumer<AccountRecord> visitor) {
        byte[] prefix = StoreLayout.ledgerPrefix(ledger);
        long count = 0;
        try (StoreIterator accounts = store.iterator(ColumnFamily.ACCOUNTS);
                StoreIterator balances = store.iterator(ColumnFamily.BALANCES)) {
            accounts.seek(prefix);
            balances.seek(prefix);
            while (accounts.isValid() && StoreRecovery.hasPrefix(accounts.key(), prefix)) {
                byte[] key = accounts.key();
                byte[] account = accounts.value();
                byte[] checkpoint = null;
                while (balances.isValid() && StoreRecovery.hasPrefix(balances.key(), prefix)
                        && Arrays.compareUnsigned(balances.key(), key) <= 0) {
                    if (Arrays.equals(balances.key(), key)) {
                        checkpoint = balances.value();
                    } else {
                        throw new CorruptStoreException("a balances record has no account");
                    }
                    balances.next();
                }
                visitor.accept(decode(key, account, checkpoint, journal));
                count++;
                accounts.next();
            }
            StoreRecovery.checkIterator(accounts);
            StoreRecovery.checkIterator(balances);
        }
        return count;
    }

    /** One account's current state, or null when it does not exist. */
    public static AccountRecord account(LedgerStore store, int ledger, UInt128 id) {
        byte[] key = StoreLayout.idKey(ledger, id.high(), id.low());
        byte[] account = store.get(ColumnFamily.ACCOUNTS, key);
        if (account == null) {
            return null;
        }
        RecordCodec.Position position = position(store, ledger);
        Map<UInt128, byte[]> journal = journalAfter(store, ledger, position.checkpointSequence());
        return decode(key, account, store.get(ColumnFamily.BALANCES, key), journal);
    }

    public static RecordCodec.Position position(LedgerStore store, int ledger) {
        return RecordCodec.decodePosition(store.get(ColumnFamily.DEFAULT, StoreLayout.positionKey(ledger)));
    }

    /** Calls {@code visitor} with every journal entry after the checkpoint, oldest batch first. */
    public static void forEachJournalEntry(LedgerStore store, int ledger, long checkpointSequence,
            RecordCodec.JournalEntryVisitor visitor) {
        try (StoreIterator it = store.iterator(ColumnFamily.BALANCE_JOURNAL)) {
            for (it.seek(StoreLayout.timestampKey(ledger, checkpointSequence + 1));
                    it.isValid() && Bytes.getInt(it.key(), 0) == ledger; it.next()) {
                RecordCodec.forEachJournalEntry(it.value(), visitor);
            }
            StoreRecovery.checkIterator(it);
        }
    }

    /** The newest journal state of every account changed after the checkpoint. */
    public static Map<UInt128, byte[]> journalAfter(LedgerStore store, int ledger, long checkpointSequence) {
        Map<UInt128, byte[]> newest = new HashMap<>();
        forEachJournalEntry(store, ledger, checkpointSequence, (account, record, offset) -> newest.put(account,
                Arrays.copyOfRange(record, offset, offset + RecordCodec.balancesLength(record, offset))));
        return newest;
    }

    private static AccountRecord decode(byte[] key, byte[] account, byte[] checkpoint, Map<UInt128, byte[]> journal) {
        byte[] balances = journal.get(RecordCodec.idFromKey(key, StoreLayout.LEDGER_BYTES));
        if (balances == null) {
            balances = checkpoint != null ? checkpoint : RecordCodec.initialBalances(RecordCodec.creationFlags(account));
        }
        return RecordCodec.decodeAccount(key, account, balances);
    }
}
