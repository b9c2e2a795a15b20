package dev.settle.store;

import dev.settle.ledger.CommittedLookup;
import dev.settle.ledger.KnownTransactionId;
import dev.settle.ledger.KnownTransferId;
import dev.settle.ledger.TransferRecord;
import dev.settle.ledger.UInt128;
import dev.settle.store.StoreLayout.ColumnFamily;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Answers the engine's lookups of earlier transfers and transactions from reads made before the
 * batch runs: the writer collects every id the batch can ask about and that the engine may know
 * ({@link dev.settle.ledger.LedgerEngine#mightKnowTransfer}; new ids are skipped), reads them all
 * with one {@code multiGet}, then applies the batch without touching the disk. An id that was not
 * collected is read on the spot (correct, but slow, and counted so tests can insist on zero).
 */
public final class StorePrefetch implements CommittedLookup {
    private final LedgerStore store;
    private final int ledger;
    private final Set<UInt128> requestedTransfers = new HashSet<>();
    private final Set<UInt128> requestedTransactions = new HashSet<>();
    private final Set<UInt128> referencedPendings = new HashSet<>();
    private final List<byte[]> transferKeys = new ArrayList<>();
    private final List<byte[]> transactionKeys = new ArrayList<>();
    private final Map<UInt128, KnownTransferId> transfers = new HashMap<>();
    private final Map<UInt128, KnownTransactionId> transactions = new HashMap<>();
    private long unplannedReads;

    public StorePrefetch(LedgerStore store, int ledger) {
        this.store = store;
        this.ledger = ledger;
    }

    public void clear() {
        requestedTransfers.clear();
        requestedTransactions.clear();
        referencedPendings.clear();
        transferKeys.clear();
        transactionKeys.clear();
        transfers.clear();
        transactions.clear();
    }

    /** Announces a transfer id the engine may look up (call only for ids it may know). */
    public void addTransfer(long idHigh, long idLow) {
        if (requestedTransfers.add(new UInt128(idHigh, idLow))) {
            transferKeys.add(StoreLayout.idKey(ledger, idHigh, idLow));
        }
    }

    /** Notes that a post or void in this batch names the pending transfer; false if one already did. */
    public boolean firstReferenceToPending(long idHigh, long idLow) {
        return referencedPendings.add(new UInt128(idHigh, idLow));
    }

    public void addTransaction(long idHigh, long idLow) {
        if (requestedTransactions.add(new UInt128(idHigh, idLow))) {
            transactionKeys.add(StoreLayout.idKey(ledger, idHigh, idLow));
        }
    }

    /** Reads every collected id. */
    public void fetch() {
        List<byte[]> idValues = store.multiGet(ColumnFamily.TRANSFER_IDS, transferKeys);
        for (int i = 0; i < idValues.size(); i++) {
            byte[] value = idValues.get(i);
            if (value == null) {
                continue;
            }
            UInt128 id = RecordCodec.idFromKey(transferKeys.get(i), StoreLayout.LEDGER_BYTES);
            transfers.put(id, RecordCodec.isCreated(value) ? decode(value) : RecordCodec.decodeFailedTransfer(value));
        }
        List<byte[]> transactionValues = store.multiGet(ColumnFamily.TRANSACTIONS, transactionKeys);
        for (int i = 0; i < transactionValues.size(); i++) {
            byte[] value = transactionValues.get(i);
            if (value != null) {
                UInt128 id = RecordCodec.idFromKey(transactionKeys.get(i), StoreLayout.LEDGER_BYTES);
                transactions.put(id, RecordCodec.decodeTransaction(id, value));
            }
        }
    }

    /** Reads the record of a known id (rare: only re-sent ids and closed pending transfers). */
    private TransferRecord decode(byte[] idValue) {
        TransferRecord record = TransferChunks.find(store, ledger, RecordCodec.idTimestamp(idValue),
                RecordCodec.idStatus(idValue));
        if (record == null) {
            throw new CorruptStoreException("a transfer id points at a missing transfer record");
        }
        return record;
    }

    /** Lookups the batch made of ids it had not announced: should stay zero. */
    public long unplannedReads() {
        return unplannedReads;
    }

    @Override
    public KnownTransferId findTransfer(long idHigh, long idLow) {
        UInt128 id = new UInt128(idHigh, idLow);
        KnownTransferId found = transfers.get(id);
        if (found != null || requestedTransfers.contains(id)) {
            return found;
        }
        unplannedReads++;
        return StoreReader.transferId(store, ledger, id);
    }

    @Override
    public KnownTransactionId findTransaction(long idHigh, long idLow) {
        UInt128 id = new UInt128(idHigh, idLow);
        KnownTransactionId found = transactions.get(id);
        if (found != null || requestedTransactions.contains(id)) {
            return found;
        }
        unplannedReads++;
        byte[] value = store.get(ColumnFamily.TRANSACTIONS, StoreLayout.idKey(ledger, idHigh, idLow));
        return value == null ? null : RecordCodec.decodeTransaction(id, value);
    }
}
