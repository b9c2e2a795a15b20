package dev.settle.ledger.reference;

import dev.settle.ledger.AccountRecord;
import dev.settle.ledger.Balances;
import dev.settle.ledger.BatchChanges;
import dev.settle.ledger.CommittedLookup;
import dev.settle.ledger.CreateTransactionResult;
import dev.settle.ledger.CreateTransferResult;
import dev.settle.ledger.KnownTransactionId;
import dev.settle.ledger.KnownTransferId;
import dev.settle.ledger.LedgerEngine;
import dev.settle.ledger.TransactionRecord;
import dev.settle.ledger.TransferFlags;
import dev.settle.ledger.TransferRecord;
import dev.settle.ledger.TransferStatus;
import dev.settle.ledger.UInt128;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A store in memory, for engine-level tests: it takes each batch's {@link BatchChanges} the way
 * the RocksDB store does (one atomic write per batch), answers the engine's lookups, and recovers
 * a fresh engine from what it holds.
 */
public final class InMemoryStore implements CommittedLookup {
    private final Map<UInt128, AccountRecord> accounts = new HashMap<>();
    private final Map<UInt128, TransferRecord> transfers = new HashMap<>();
    private final Map<UInt128, KnownTransferId.Failed> failedTransfers = new HashMap<>();
    private final Map<UInt128, TransactionRecord> transactions = new HashMap<>();
    private final Map<UInt128, KnownTransactionId.Failed> failedTransactions = new HashMap<>();
    private final Map<UInt128, List<Balances>> history = new HashMap<>();
    private long lastTimestamp;
    private long sequence;

    /** One batch's changes, copied out of the engine so that they can be written later. */
    public record Write(long sequence, long lastTimestamp, List<AccountRecord> createdAccounts,
            List<AccountRecord> changedAccounts, List<TransferRecord> transfers, Map<UInt128, TransferStatus> closed,
            Map<UInt128, KnownTransferId.Failed> failedTransfers, List<TransactionRecord> transactions,
            Map<UInt128, KnownTransactionId.Failed> failedTransactions, List<Map.Entry<UInt128, Balances>> history) {}

    public static Write capture(BatchChanges c) {
        BatchChanges.Accounts table = c.accounts();
        List<AccountRecord> created = new ArrayList<>();
        for (int i = 0; i < c.createdAccountCount(); i++) {
            AccountRecord r = table.record(c.createdAccountSlot(i));
            created.add(withMetadata(r, c.createdAccountMetadata(i)));
        }
        List<AccountRecord> changed = new ArrayList<>();
        for (int i = 0; i < c.changedAccountCount(); i++) {
            changed.add(table.record(c.changedAccountSlot(i)));
        }
        BatchChanges.Transfers log = c.transfers();
        List<TransferRecord> createdTransfers = new ArrayList<>();
        for (int i = 0; i < log.size(); i++) {
            createdTransfers.add(log.record(i, c.transferStatus(i)));
        }
        Map<UInt128, TransferStatus> closed = new HashMap<>();
        BatchChanges.ClosedPendings closedLog = c.closedPendings();
        for (int i = 0; i < closedLog.size(); i++) {
            if (!closedLog.createdInBatch(i)) {
                closed.put(new UInt128(closedLog.idHigh(i), closedLog.idLow(i)), closedLog.status(i));
            }
        }
        Map<UInt128, KnownTransferId.Failed> failed = new HashMap<>();
        BatchChanges.FailedIds failedLog = c.failedTransfers();
        for (int i = 0; i < failedLog.size(); i++) {
            failed.put(new UInt128(failedLog.idHigh(i), failedLog.idLow(i)), new KnownTransferId.Failed(
                    CreateTransferResult.ofOrdinal(failedLog.result(i)), failedLog.timestamp(i)));
        }
        Map<UInt128, KnownTransactionId.Failed> failedTx = new HashMap<>();
        BatchChanges.FailedIds failedTxLog = c.failedTransactions();
        for (int i = 0; i < failedTxLog.size(); i++) {
            failedTx.put(new UInt128(failedTxLog.idHigh(i), failedTxLog.idLow(i)), new KnownTransactionId.Failed(
                    CreateTransactionResult.ofOrdinal(failedTxLog.result(i)), failedTxLog.timestamp(i)));
        }
        return new Write(c.sequence(), c.lastTimestamp(), created, changed, createdTransfers, closed, failed,
                List.copyOf(c.transactions()), failedTx, captureHistory(c));
    }

    private static List<Map.Entry<UInt128, Balances>> captureHistory(BatchChanges c) {
        BatchChanges.History h = c.history();
        BatchChanges.Accounts table = c.accounts();
        List<Map.Entry<UInt128, Balances>> rows = new ArrayList<>();
        for (int i = 0; i < h.size(); i++) {
            int slot = h.accountSlot(i);
            UInt128 id = new UInt128(table.idHigh(slot), table.idLow(slot));
            rows.add(Map.entry(id, new Balances(h.timestamp(i),
                    new UInt128(h.balance(i, BatchChanges.Accounts.DEBITS_PENDING), h.balance(i, BatchChanges.Accounts.DEBITS_PENDING + 1)),
                    new UInt128(h.balance(i, BatchChanges.Accounts.DEBITS_POSTED), h.balance(i, BatchChanges.Accounts.DEBITS_POSTED + 1)),
                    new UInt128(h.balance(i, BatchChanges.Accounts.CREDITS_PENDING), h.balance(i, BatchChanges.Accounts.CREDITS_PENDING + 1)),
                    new UInt128(h.balance(i, BatchChanges.Accounts.CREDITS_POSTED), h.balance(i, BatchChanges.Accounts.CREDITS_POSTED + 1)))));
        }
        return rows;
    }

    /** Applies one batch's write, atomically (nothing else runs concurrently in tests). */
    public void apply(Write w) {
        for (AccountRecord a : w.createdAccounts()) {
            accounts.put(a.id(), a);
        }
        for (AccountRecord a : w.changedAccounts()) {
            AccountRecord old = accounts.get(a.id());
            accounts.put(a.id(), withMetadata(a, old == null ? null : old.metadata()));
        }
        for (TransferRecord t : w.transfers()) {
            transfers.put(t.id(), t);
        }
        w.closed().forEach((id, status) -> transfers.put(id, transfers.get(id).withStatus(status)));
        failedTransfers.putAll(w.failedTransfers());
        for (TransactionRecord t : w.transactions()) {
            transactions.put(t.id(), t);
        }
        failedTransactions.putAll(w.failedTransactions());
        for (Map.Entry<UInt128, Balances> row : w.history()) {
            history.computeIfAbsent(row.getKey(), k -> new ArrayList<>()).add(row.getValue());
        }
        sequence = w.sequence();
        lastTimestamp = w.lastTimestamp();
    }

    /** A new engine loaded from what this store holds, as after a restart. */
    public LedgerEngine recover() {
        LedgerEngine engine = new LedgerEngine();
        engine.restorePosition(lastTimestamp, sequence);
        accounts.values().forEach(engine::restoreAccount);
        transfers.keySet().forEach(id -> engine.restoreTransferId(id.high(), id.low()));
        failedTransfers.keySet().forEach(id -> engine.restoreTransferId(id.high(), id.low()));
        for (TransferRecord t : transfers.values()) {
            if (t.hasFlag(TransferFlags.PENDING) && t.status() == TransferStatus.PENDING) {
                engine.restorePending(t);
            }
        }
        return engine;
    }

    @Override
    public KnownTransferId findTransfer(long idHigh, long idLow) {
        UInt128 id = new UInt128(idHigh, idLow);
        TransferRecord t = transfers.get(id);
        return t != null ? t : failedTransfers.get(id);
    }

    @Override
    public KnownTransactionId findTransaction(long idHigh, long idLow) {
        UInt128 id = new UInt128(idHigh, idLow);
        TransactionRecord t = transactions.get(id);
        return t != null ? t : failedTransactions.get(id);
    }

    public Map<UInt128, AccountRecord> accounts() {
        return accounts;
    }

    public Map<UInt128, TransferRecord> transfers() {
        return transfers;
    }

    public Map<UInt128, KnownTransferId.Failed> failedTransfers() {
        return failedTransfers;
    }

    public Map<UInt128, TransactionRecord> transactions() {
        return transactions;
    }

    public Map<UInt128, List<Balances>> history() {
        return history;
    }

    public long sequence() {
        return sequence;
    }

    private static AccountRecord withMetadata(AccountRecord r, byte[] metadata) {
        return new AccountRecord(r.id(), r.ledger(), r.code(), r.flags(), r.userData128(), r.userData64(),
                r.userData32(), r.timestamp(), r.debitsPending(), r.debitsPosted(), r.creditsPending(),
                r.creditsPosted(), r.lastTransferTimestamp(), metadata);
    }
}
