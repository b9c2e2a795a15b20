package dev.settle.store;

import static dev.settle.store.StoreLayout.ACCOUNT_EVENT_KEY_BYTES;
import static dev.settle.store.StoreLayout.ID_KEY_BYTES;
import static dev.settle.store.StoreLayout.TIMESTAMP_KEY_BYTES;

import dev.settle.ledger.AccountTable;
import dev.settle.ledger.BatchChanges;
import dev.settle.ledger.ClosedPendingLog;
import dev.settle.ledger.CreateTransactionResult;
import dev.settle.ledger.CreateTransferResult;
import dev.settle.ledger.FailedIdLog;
import dev.settle.ledger.HistoryLog;
import dev.settle.ledger.TransactionRecord;
import dev.settle.ledger.TransferFlags;
import dev.settle.ledger.TransferLog;
import dev.settle.ledger.TransferStatus;
import dev.settle.store.StoreLayout.ColumnFamily;

/**
 * Turns one ledger's {@link BatchChanges} into records of a {@link WriteBatchRep}, following
 * {@link StoreLayout}. Runs on the writer thread right after the batch, while the engine's state
 * is still the batch's. Writes each key at most once per batch, so record order never matters.
 */
public final class BatchEncoder {
    private final int[] columnFamilyIds;
    private final ByteSink value = new ByteSink(512);
    private final long[] balances = new long[8];

    /** {@code columnFamilyIds[f.ordinal()]} is the RocksDB id of column family {@code f}. */
    public BatchEncoder(int[] columnFamilyIds) {
        this.columnFamilyIds = columnFamilyIds.clone();
    }

    public void encode(int ledger, BatchChanges changes, WriteBatchRep rep) {
        encodeAccounts(ledger, changes, rep);
        encodeTransfers(ledger, changes, rep);
        encodeClosedPendings(ledger, changes.closedPendings(), rep);
        encodeFailedTransfers(ledger, changes.failedTransfers(), rep);
        encodeHistory(ledger, changes, rep);
        encodeTransactions(ledger, changes, rep);
        rep.put(cf(ColumnFamily.DEFAULT), StoreLayout.positionKey(ledger),
                RecordCodec.encodePosition(changes.sequence(), changes.lastTimestamp()));
    }

    private void encodeAccounts(int ledger, BatchChanges changes, WriteBatchRep rep) {
        AccountTable table = changes.accounts();
        for (int i = 0; i < changes.createdAccountCount(); i++) {
            int slot = changes.createdAccountSlot(i);
            value.clear();
            RecordCodec.encodeAccount(table, slot, changes.createdAccountFlags(i), changes.createdAccountMetadata(i), value);
            putIdKey(rep, ColumnFamily.ACCOUNTS, ledger, table.idHigh(slot), table.idLow(slot));
            rep.endPut(value);
        }
        for (int i = 0; i < changes.changedAccountCount(); i++) {
            int slot = changes.changedAccountSlot(i);
            for (int field = 0; field < 8; field += 2) {
                balances[field] = table.balanceHigh(slot, field);
                balances[field + 1] = table.balanceLow(slot, field);
            }
            value.clear();
            RecordCodec.encodeBalances(table.flags(slot), balances, 0, value);
            putIdKey(rep, ColumnFamily.BALANCES, ledger, table.idHigh(slot), table.idLow(slot));
            rep.endPut(value);
        }
    }

    private void encodeTransfers(int ledger, BatchChanges changes, WriteBatchRep rep) {
        TransferLog log = changes.transfers();
        for (int i = 0; i < log.size(); i++) {
            long timestamp = log.timestamp(i);
            TransferStatus status = changes.transferStatus(i);
            value.clear();
            RecordCodec.encodeTransfer(log, i, value);
            putTimestampKey(rep, ColumnFamily.TRANSFERS, ledger, timestamp);
            rep.endPut(value);

            value.clear();
            RecordCodec.encodeCreatedId(timestamp, status, value);
            putIdKey(rep, ColumnFamily.TRANSFER_IDS, ledger, log.idHigh(i), log.idLow(i));
            rep.endPut(value);

            putAccountEventKey(rep, ColumnFamily.ACCOUNT_TRANSFERS, ledger, log.debitHigh(i), log.debitLow(i), timestamp);
            rep.endPutEmpty();
            putAccountEventKey(rep, ColumnFamily.ACCOUNT_TRANSFERS, ledger, log.creditHigh(i), log.creditLow(i), timestamp);
            rep.endPutEmpty();

            if ((log.flags(i) & TransferFlags.PENDING) != 0 && status == TransferStatus.PENDING) {
                putTimestampKey(rep, ColumnFamily.PENDING_OPEN, ledger, timestamp);
                rep.endPutEmpty();
            }
        }
    }

    /** Pending transfers of earlier batches closed in this one: new status, no longer open. */
    private void encodeClosedPendings(int ledger, ClosedPendingLog closed, WriteBatchRep rep) {
        for (int i = 0; i < closed.size(); i++) {
            if (closed.createdInBatch(i)) {
                continue; // Written once above, with its final status.
            }
            value.clear();
            RecordCodec.encodeCreatedId(closed.pendingTimestamp(i), closed.status(i), value);
            putIdKey(rep, ColumnFamily.TRANSFER_IDS, ledger, closed.idHigh(i), closed.idLow(i));
            rep.endPut(value);
            ByteSink key = rep.beginDelete(cf(ColumnFamily.PENDING_OPEN), TIMESTAMP_KEY_BYTES);
            key.putInt(ledger);
            key.putLong(closed.pendingTimestamp(i));
        }
    }

    private void encodeFailedTransfers(int ledger, FailedIdLog failed, WriteBatchRep rep) {
        for (int i = 0; i < failed.size(); i++) {
            value.clear();
            RecordCodec.encodeFailedId(failed.timestamp(i), CreateTransferResult.ofOrdinal(failed.result(i)).code(),
                    value);
            putIdKey(rep, ColumnFamily.TRANSFER_IDS, ledger, failed.idHigh(i), failed.idLow(i));
            rep.endPut(value);
        }
    }

    private void encodeHistory(int ledger, BatchChanges changes, WriteBatchRep rep) {
        HistoryLog history = changes.history();
        AccountTable table = changes.accounts();
        for (int i = 0; i < history.size(); i++) {
            int slot = history.accountSlot(i);
            for (int half = 0; half < 8; half++) {
                balances[half] = history.balance(i, half);
            }
            value.clear();
            RecordCodec.encodeBalances(0, balances, 0, value);
            putAccountEventKey(rep, ColumnFamily.HISTORY, ledger, table.idHigh(slot), table.idLow(slot),
                    history.timestamp(i));
            rep.endPut(value);
        }
    }

    private void encodeTransactions(int ledger, BatchChanges changes, WriteBatchRep rep) {
        for (TransactionRecord transaction : changes.transactions()) {
            value.clear();
            RecordCodec.encodeTransaction(transaction, value);
            putIdKey(rep, ColumnFamily.TRANSACTIONS, ledger, transaction.id().high(), transaction.id().low());
            rep.endPut(value);
        }
        FailedIdLog failed = changes.failedTransactions();
        for (int i = 0; i < failed.size(); i++) {
            value.clear();
            RecordCodec.encodeFailedId(failed.timestamp(i),
                    CreateTransactionResult.ofOrdinal(failed.result(i)).code(), value);
            putIdKey(rep, ColumnFamily.TRANSACTIONS, ledger, failed.idHigh(i), failed.idLow(i));
            rep.endPut(value);
        }
    }

    private void putIdKey(WriteBatchRep rep, ColumnFamily family, int ledger, long high, long low) {
        ByteSink key = rep.beginPut(cf(family), ID_KEY_BYTES);
        key.putInt(ledger);
        key.putLong(high);
        key.putLong(low);
    }

    private void putTimestampKey(WriteBatchRep rep, ColumnFamily family, int ledger, long timestamp) {
        ByteSink key = rep.beginPut(cf(family), TIMESTAMP_KEY_BYTES);
        key.putInt(ledger);
        key.putLong(timestamp);
    }

    private void putAccountEventKey(WriteBatchRep rep, ColumnFamily family, int ledger, long high, long low,
            long timestamp) {
        ByteSink key = rep.beginPut(cf(family), ACCOUNT_EVENT_KEY_BYTES);
        key.putInt(ledger);
        key.putLong(high);
        key.putLong(low);
        key.putLong(timestamp);
    }

    private int cf(ColumnFamily family) {
        return columnFamilyIds[family.ordinal()];
    }
}
