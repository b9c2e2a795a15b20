package dev.settle.ledger;

import java.util.List;

/**
 * Everything one batch changed, for the store to write in one atomic batch: created accounts,
 * accounts whose balances or flags changed, created transfers with their final status, closed
 * pending transfers, transiently failed ids, balance history and transactions.
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

    public AccountTable accounts() {
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

    public TransferLog transfers() {
        return engine.current().transfers;
    }

    /** The status transfer {@code i} of {@link #transfers()} has at the end of the batch. */
    public TransferStatus transferStatus(int i) {
        TransferLog log = transfers();
        TransferStatus closed = engine.current().closedStatus(log.idHigh(i), log.idLow(i));
        return closed != null ? closed : TransferStatus.initial(log.flags(i));
    }

    public ClosedPendingLog closedPendings() {
        return engine.current().closed;
    }

    public FailedIdLog failedTransfers() {
        return engine.current().failedTransfers;
    }

    public HistoryLog history() {
        return engine.history;
    }

    public List<TransactionRecord> transactions() {
        return engine.current().transactions;
    }

    public FailedIdLog failedTransactions() {
        return engine.current().failedTransactions;
    }

    /** True when the batch changed nothing (no command and no expiry did anything durable). */
    public boolean isEmpty() {
        return engine.dirtyCount == 0 && transfers().size() == 0 && closedPendings().size() == 0
                && failedTransfers().size() == 0 && transactions().isEmpty() && failedTransactions().size() == 0;
    }
}
