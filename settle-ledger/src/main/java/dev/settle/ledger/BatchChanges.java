package dev.settle.ledger;

import java.util.List;

/**
 * Everything one batch changed, for the store to write in one atomic batch: created accounts,
 * accounts whose balances or flags changed, created transfers with their final status, closed
 * pending transfers, transiently failed ids, balance history and transactions.
 *
 * <p>This is the engine's whole read surface for the store and the server: read-only views
 * ({@link Accounts}, {@link Transfers}, {@link ClosedPendings}, {@link FailedIds},
 * {@link History}) over the engine's internal tables, which stay package-private.
 *
 * <p>A view over the engine's state, valid from {@link LedgerEngine#endBatch()} until the next
 * {@link LedgerEngine#beginBatch}; read it on the engine's thread.
 */
public final class BatchChanges {
    private final LedgerEngine engine;

    BatchChanges(LedgerEngine engine) {
        this.engine = engine;
    }

    public long sequence() {
        return engine.batchSequence();
    }

    /** The engine's last timestamp after the batch: part of the applied position. */
    public long lastTimestamp() {
        return engine.lastTimestamp();
    }

    public Accounts accounts() {
        return engine.accounts;
    }

    public int createdAccountCount() {
        return engine.createdAccountCount;
    }

    public int createdAccountSlot(int i) {
        return engine.createdAccountSlots[i];
    }

    public byte[] createdAccountMetadata(int i) {
        return engine.createdAccountMetadata[i];
    }

    /** The flags account {@code i} was created with (a later event of the batch may have changed them). */
    public int createdAccountFlags(int i) {
        return engine.createdAccountFlags[i];
    }

    /** Accounts created or changed in this batch; each listed once. */
    public int changedAccountCount() {
        return engine.dirtyCount;
    }

    public int changedAccountSlot(int i) {
        return engine.dirtySlots[i];
    }

    public Transfers transfers() {
        return engine.current().transfers;
    }

    /** The status transfer {@code i} of {@link #transfers()} has at the end of the batch. */
    public TransferStatus transferStatus(int i) {
        Transfers log = transfers();
        TransferStatus closed = engine.current().closedStatus(log.idHigh(i), log.idLow(i));
        return closed != null ? closed : TransferStatus.initial(log.flags(i));
    }

    public ClosedPendings closedPendings() {
        return engine.current().closed;
    }

    public FailedIds failedTransfers() {
        return engine.current().failedTransfers;
    }

    public History history() {
        return engine.history;
    }

    public List<TransactionRecord> transactions() {
        return engine.current().transactions;
    }

    public FailedIds failedTransactions() {
        return engine.current().failedTransactions;
    }

    /** True when the batch changed nothing (no command and no expiry did anything durable). */
    public boolean isEmpty() {
        return engine.dirtyCount == 0 && transfers().size() == 0 && closedPendings().size() == 0
                && failedTransfers().size() == 0 && transactions().isEmpty() && failedTransactions().size() == 0;
    }

    /**
     * A ledger's accounts by slot (creation order), read-only: the engine's whole table, not only
     * what the batch changed. Slots index every per-account getter.
     */
    public interface Accounts {
        /** Balance fields, for {@link #balanceHigh}, {@link #balanceLow} and {@link #balance}. */
        int DEBITS_PENDING = 0;
        int DEBITS_POSTED = 2;
        int CREDITS_PENDING = 4;
        int CREDITS_POSTED = 6;

        /** The number of accounts. */
        int size();

        /** The slot of the account with this id, or -1. */
        int find(long high, long low);

        /** The timestamp of the account's newest transfer, or 0; each transfer links to the one before. */
        long lastTransferTimestamp(int slot);

        long idHigh(int slot);

        long idLow(int slot);

        long ledger(int slot);

        int code(int slot);

        int flags(int slot);

        long userData128High(int slot);

        long userData128Low(int slot);

        long userData64(int slot);

        int userData32(int slot);

        long timestamp(int slot);

        /** The high half of a balance; {@code field} is one of DEBITS_PENDING, DEBITS_POSTED, ... */
        long balanceHigh(int slot, int field);

        /** The low half of a balance; {@code field} is one of DEBITS_PENDING, DEBITS_POSTED, ... */
        long balanceLow(int slot, int field);

        /** The account in {@code slot} as a value (metadata is not kept in memory and comes back null). */
        AccountRecord record(int slot);

        UInt128 balance(int slot, int field);
    }

    /** The transfers the batch created, in creation order, read-only. */
    public interface Transfers {
        int size();

        long idHigh(int i);

        long idLow(int i);

        long debitHigh(int i);

        long debitLow(int i);

        long creditHigh(int i);

        long creditLow(int i);

        long amountHigh(int i);

        long amountLow(int i);

        long pendingHigh(int i);

        long pendingLow(int i);

        long userData128High(int i);

        long userData128Low(int i);

        long userData64(int i);

        int userData32(int i);

        long timeoutSeconds(int i);

        long ledger(int i);

        int code(int i);

        int flags(int i);

        long timestamp(int i);

        /** The timestamp of the debit account's transfer before this one (0: none). */
        long previousDebitTimestamp(int i);

        /** The timestamp of the credit account's transfer before this one (0: none). */
        long previousCreditTimestamp(int i);

        byte[] metadata(int i);

        long expiresAt(int i);

        /** The entry as a value, with the given status. */
        TransferRecord record(int i, TransferStatus status);
    }

    /** The pending transfers the batch closed (posted, voided or expired), in order, read-only. */
    public interface ClosedPendings {
        int size();

        long idHigh(int i);

        long idLow(int i);

        long pendingTimestamp(int i);

        long amountHigh(int i);

        long amountLow(int i);

        TransferStatus status(int i);

        long closedAt(int i);

        boolean createdInBatch(int i);
    }

    /** The ids whose creation failed transiently in the batch (id, result ordinal, timestamp), read-only. */
    public interface FailedIds {
        int size();

        long idHigh(int i);

        long idLow(int i);

        /** The ordinal of the result (a {@link CreateTransferResult} or {@link CreateTransactionResult}). */
        int result(int i);

        long timestamp(int i);
    }

    /** Balance snapshots the batch took for accounts with the {@code history} flag, read-only. */
    public interface History {
        int size();

        int accountSlot(int i);

        long timestamp(int i);

        /** A balance half; {@code field} as in {@link AccountTable}, plus 1 for the low half. */
        long balance(int i, int fieldHalf);
    }
}
