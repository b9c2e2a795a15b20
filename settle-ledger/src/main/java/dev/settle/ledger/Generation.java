package dev.settle.ledger;

import java.util.ArrayList;
import java.util.List;

/**
 * What one batch created, kept until the batch is durable: the store cannot answer for it yet,
 * so the engine looks here first. The engine holds at most {@link LedgerEngine#GENERATIONS_MAX}
 * generations: the batch being applied and those still being written.
 */
final class Generation {
    long sequence;
    final TransferLog transfers = new TransferLog();
    final IdMap transferIndex = new IdMap(256);
    final ClosedPendingLog closed = new ClosedPendingLog();
    final IdMap closedIndex = new IdMap(64);
    final FailedIdLog failedTransfers = new FailedIdLog();
    final IdMap failedTransferIndex = new IdMap(16);
    final List<TransactionRecord> transactions = new ArrayList<>();
    final IdMap transactionIndex = new IdMap(16);
    final FailedIdLog failedTransactions = new FailedIdLog();
    final IdMap failedTransactionIndex = new IdMap(16);

    void reset(long newSequence) {
        sequence = newSequence;
        transfers.clear();
        transferIndex.clear();
        closed.truncate(0);
        closedIndex.clear();
        failedTransfers.clear();
        failedTransferIndex.clear();
        transactions.clear();
        transactionIndex.clear();
        failedTransactions.clear();
        failedTransactionIndex.clear();
    }

    /** Drops created transfers from {@code size} on (a rolled-back chain). */
    void truncateTransfers(int size) {
        for (int i = size; i < transfers.size(); i++) {
            int removed = transferIndex.remove(transfers.idHigh(i), transfers.idLow(i));
            Invariants.check(removed == i, "transfer index agrees with the log");
        }
        transfers.truncate(size);
    }

    /** Drops closed pending transfers from {@code size} on (a rolled-back chain). */
    void truncateClosed(int size) {
        for (int i = size; i < closed.size(); i++) {
            int removed = closedIndex.remove(closed.idHigh(i), closed.idLow(i));
            Invariants.check(removed == i, "closed index agrees with the log");
        }
        closed.truncate(size);
    }

    /** The status of a pending transfer closed in this generation, or null. */
    TransferStatus closedStatus(long high, long low) {
        int i = closedIndex.get(high, low);
        return i == IdMap.MISSING ? null : closed.status(i);
    }
}
