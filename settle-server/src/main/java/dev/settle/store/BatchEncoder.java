package dev.settle.store;

import dev.settle.ledger.BatchChanges;
import dev.settle.ledger.CreateTransactionResult;
import dev.settle.ledger.CreateTransferResult;
import dev.settle.ledger.TransactionRecord;
import dev.settle.ledger.TransferFlags;
import dev.settle.ledger.TransferStatus;
import dev.settle.store.SortedRecords.KeyShape;
import dev.settle.store.StoreLayout.ColumnFamily;

/**
 * Turns one ledger's {@link BatchChanges} into records of a {@link WriteBatchRep}, following
 * {@link StoreLayout}: grouped by column family and, within each, in key order (see
 * {@link SortedRecords}). Runs on the writer thread right after the batch, while the engine's
 * state is still the batch's. Writes each key at most once per batch, so the order of records
 * never changes the outcome.
 */
public final class BatchEncoder {
    private final int[] columnFamilyIds;
    private final ByteSink value = new ByteSink(512);
    private final ByteSink transferRecord = new ByteSink(512);
    private final long[] balances = new long[8];
    private final SortedRecords accounts = new SortedRecords(KeyShape.ID);
    private final java.util.Map<Integer, BalanceJournal> journals = new java.util.HashMap<>();
    private final SortedRecords transfers = new SortedRecords(KeyShape.TIMESTAMP);
    private final SortedRecords transferIds = new SortedRecords(KeyShape.ID);
    private final SortedRecords pendingOpen = new SortedRecords(KeyShape.TIMESTAMP);
    private final SortedRecords history = new SortedRecords(KeyShape.ACCOUNT_EVENT);
    private final SortedRecords transactions = new SortedRecords(KeyShape.ID);

    private final int checkpointBatches;

    /** {@code columnFamilyIds[f.ordinal()]} is the RocksDB id of column family {@code f}. */
    public BatchEncoder(int[] columnFamilyIds, int checkpointBatches) {
        this.columnFamilyIds = columnFamilyIds.clone();
        this.checkpointBatches = checkpointBatches;
    }

    /** After recovery: a ledger's last balance checkpoint and the accounts its journal changed since. */
    public void restoreJournal(int ledger, long checkpointSequence, int[] slotsChangedSince) {
        journals.computeIfAbsent(ledger, l -> new BalanceJournal(checkpointBatches))
                .restore(checkpointSequence, slotsChangedSince);
    }

    /** Forgets a ledger that left the pod; its next owner restores the journal from the store. */
    public void forget(int ledger) {
        journals.remove(ledger);
    }

    /** Encodes a ledger's batch (its events are the outbox's to encode). */
    public void encode(int ledger, BatchChanges changes, WriteBatchRep rep) {
        BalanceJournal journal = journals.computeIfAbsent(ledger, l -> new BalanceJournal(checkpointBatches));
        encodeAccounts(changes);
        encodeTransfers(changes);
        encodeClosedPendings(changes.closedPendings());
        encodeFailedTransfers(changes.failedTransfers());
        encodeHistory(changes);
        encodeTransactions(changes);
        emit(accounts, ColumnFamily.ACCOUNTS, ledger, rep);
        journal.encode(ledger, changes, rep, columnFamilyIds);
        emit(transfers, ColumnFamily.TRANSFERS, ledger, rep);
        emit(transferIds, ColumnFamily.TRANSFER_IDS, ledger, rep);
        emit(pendingOpen, ColumnFamily.PENDING_OPEN, ledger, rep);
        emit(history, ColumnFamily.HISTORY, ledger, rep);
        emit(transactions, ColumnFamily.TRANSACTIONS, ledger, rep);
        rep.put(cf(ColumnFamily.DEFAULT), StoreLayout.positionKey(ledger), RecordCodec.encodePosition(
                new RecordCodec.Position(changes.sequence(), changes.lastTimestamp(), journal.checkpointSequence())));
    }

    private void emit(SortedRecords records, ColumnFamily family, int ledger, WriteBatchRep rep) {
        records.emit(rep, cf(family), ledger);
        records.clear();
    }

    private void encodeAccounts(BatchChanges changes) {
        BatchChanges.Accounts table = changes.accounts();
        for (int i = 0; i < changes.createdAccountCount(); i++) {
            int slot = changes.createdAccountSlot(i);
            value.clear();
            RecordCodec.encodeAccount(table, slot, changes.createdAccountFlags(i), changes.createdAccountMetadata(i),
                    value);
            accounts.put(table.idHigh(slot), table.idLow(slot), 0, value);
        }
    }

    private void encodeTransfers(BatchChanges changes) {
        BatchChanges.Transfers log = changes.transfers();
        for (int first = 0; first < log.size(); first += TransferChunks.TRANSFERS_PER_CHUNK_MAX) {
            int end = Math.min(log.size(), first + TransferChunks.TRANSFERS_PER_CHUNK_MAX);
            value.clear();
            TransferChunks.encode(log, first, end, value, transferRecord);
            transfers.put(log.timestamp(first), 0, 0, value);
        }
        for (int i = 0; i < log.size(); i++) {
            long timestamp = log.timestamp(i);
            TransferStatus status = changes.transferStatus(i);
            value.clear();
            RecordCodec.encodeCreatedId(timestamp, status, value);
            transferIds.put(log.idHigh(i), log.idLow(i), 0, value);
            if ((log.flags(i) & TransferFlags.PENDING) != 0 && status == TransferStatus.PENDING) {
                pendingOpen.putEmpty(timestamp, 0, 0);
            }
        }
    }

    /** Pending transfers of earlier batches closed in this one: new status, no longer open. */
    private void encodeClosedPendings(BatchChanges.ClosedPendings closed) {
        for (int i = 0; i < closed.size(); i++) {
            if (closed.createdInBatch(i)) {
                continue; // Written once above, with its final status.
            }
            value.clear();
            RecordCodec.encodeCreatedId(closed.pendingTimestamp(i), closed.status(i), value);
            transferIds.put(closed.idHigh(i), closed.idLow(i), 0, value);
            pendingOpen.delete(closed.pendingTimestamp(i), 0, 0);
        }
    }

    private void encodeFailedTransfers(BatchChanges.FailedIds failed) {
        for (int i = 0; i < failed.size(); i++) {
            value.clear();
            RecordCodec.encodeFailedId(failed.timestamp(i), CreateTransferResult.ofOrdinal(failed.result(i)).code(),
                    value);
            transferIds.put(failed.idHigh(i), failed.idLow(i), 0, value);
        }
    }

    private void encodeHistory(BatchChanges changes) {
        BatchChanges.History log = changes.history();
        BatchChanges.Accounts table = changes.accounts();
        for (int i = 0; i < log.size(); i++) {
            int slot = log.accountSlot(i);
            for (int half = 0; half < 8; half++) {
                balances[half] = log.balance(i, half);
            }
            value.clear();
            RecordCodec.encodeBalances(0, 0, balances, 0, value);
            history.put(table.idHigh(slot), table.idLow(slot), log.timestamp(i), value);
        }
    }

    private void encodeTransactions(BatchChanges changes) {
        for (TransactionRecord transaction : changes.transactions()) {
            value.clear();
            RecordCodec.encodeTransaction(transaction, value);
            transactions.put(transaction.id().high(), transaction.id().low(), 0, value);
        }
        BatchChanges.FailedIds failed = changes.failedTransactions();
        for (int i = 0; i < failed.size(); i++) {
            value.clear();
            RecordCodec.encodeFailedId(failed.timestamp(i),
                    CreateTransactionResult.ofOrdinal(failed.result(i)).code(), value);
            transactions.put(failed.idHigh(i), failed.idLow(i), 0, value);
        }
    }

    private int cf(ColumnFamily family) {
        return columnFamilyIds[family.ordinal()];
    }
}
