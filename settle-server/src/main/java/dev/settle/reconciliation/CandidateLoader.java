package dev.settle.reconciliation;

import dev.settle.api.json.Metadata;
import dev.settle.ledger.TransferFlags;
import dev.settle.ledger.TransferRecord;
import dev.settle.ledger.TransferStatus;
import dev.settle.ledger.UInt128;
import dev.settle.reconciliation.matching.Candidates;
import dev.settle.store.LedgerStore;
import dev.settle.store.RecordCodec;
import dev.settle.store.StoreIterator;
import dev.settle.store.StoreLayout;
import dev.settle.store.StoreLayout.ColumnFamily;
import dev.settle.store.TransferChunks;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the candidates of an account for a period: its posted transfers (one sequential scan
 * of the ledger's transfers in the period: the table is ordered by time), which of them a
 * completed statement's line already claims, and its open expected payments.
 */
final class CandidateLoader {
    static final long NANOS_PER_DAY = 86_400L * 1_000_000_000L;
    /** A statement import that has not finished after this long is taken as abandoned (its process died). */
    static final long IMPORT_ABANDONED_MILLIS = 15 * 60 * 1000L;

    /** The candidates, with what it takes to claim each: the claim record as read (absent: empty). */
    record Loaded(Candidates candidates, long[] transferTimestamps, Map<Integer, byte[]> takenOver,
            Map<Integer, ExpectedPayment> expected) {
        /** The candidate of the transfer at {@code timestamp}, or -1 (transfers come first, in time order). */
        int byTimestamp(long timestamp) {
            int at = Arrays.binarySearch(transferTimestamps, timestamp);
            return at >= 0 ? at : -1;
        }
    }

    private final LedgerStore store;
    private final ReconReads reads;

    CandidateLoader(LedgerStore store, ReconReads reads) {
        this.store = store;
        this.reads = reads;
    }

    Loaded load(int ledger, UInt128 account, int firstDay, int lastDay, List<String> metadataKeys, long nowMillis) {
        long from = Math.max(1, firstDay * NANOS_PER_DAY);
        long to = (lastDay + 1L) * NANOS_PER_DAY;
        Candidates c = new Candidates(metadataKeys, 1024);
        forEachTransfer(ledger, from, to, t -> {
            boolean debit = t.debitAccountId().equals(account);
            if (!debit && !t.creditAccountId().equals(account)) {
                return;
            }
            if (t.hasFlag(TransferFlags.PENDING) || t.hasFlag(TransferFlags.VOID_PENDING_TRANSFER)
                    || t.amount().isZero() || t.amount().high() != 0 || t.amount().low() < 0) {
                return; // no money moved, or more than a statement line can show
            }
            long amount = t.amount().low();
            String[] values = values(t.metadata(), metadataKeys);
            c.addTransfer(t.id(), t.timestamp(), debit ? amount : -amount, (int) (t.timestamp() / NANOS_PER_DAY),
                    values, false);
        });
        long[] byTime = new long[c.size()];
        for (int n = 0; n < c.size(); n++) {
            byTime[n] = c.timestamp(n);
        }
        Map<Integer, byte[]> takenOver = new HashMap<>();
        markClaims(ledger, from, to, byTime, c, takenOver, nowMillis);
        Map<Integer, ExpectedPayment> expected = new HashMap<>();
        for (ExpectedPayment e : reads.openExpected(ledger, account)) {
            long sign = e.direction().sign();
            long min = sign > 0 ? e.amountMin() : -e.amountMax();
            long max = sign > 0 ? e.amountMax() : -e.amountMin();
            expected.put(c.addExpected(e.id(), min, max, e.dayFrom(), e.dayTo(), e.reference()), e);
        }
        return new Loaded(c, byTime, takenOver, expected);
    }

    /** Claimed transfers are claimed; a claim by an abandoned import may be taken over (its value kept to guard on). */
    private void markClaims(int ledger, long from, long to, long[] byTime, Candidates c, Map<Integer, byte[]> takenOver,
            long nowMillis) {
        byte[] start = ReconKeys.claim(ledger, from);
        byte[] end = ReconKeys.claim(ledger, to);
        Map<UInt128, Boolean> live = new HashMap<>();
        try (StoreIterator it = store.iterator(ColumnFamily.RECONCILIATION)) {
            for (it.seek(start); it.isValid() && Arrays.compareUnsigned(it.key(), end) < 0; it.next()) {
                int n = Arrays.binarySearch(byTime, ReconKeys.timestampOf(it.key()));
                if (n < 0) {
                    continue;
                }
                byte[] value = it.value();
                UInt128 statement = LineRef.read(value, 0).statement();
                boolean holds = live.computeIfAbsent(statement, s -> {
                    Statement st = reads.statement(ledger, s);
                    return st != null && (st.status() == Statement.Status.COMPLETED
                            || nowMillis - st.createdMillis() < IMPORT_ABANDONED_MILLIS);
                });
                if (holds) {
                    c.claim(n);
                } else {
                    takenOver.put(n, value);
                }
            }
            it.checkStatus();
        }
    }

    private void forEachTransfer(int ledger, long from, long to, java.util.function.Consumer<TransferRecord> visitor) {
        byte[] end = StoreLayout.timestampKey(ledger, to);
        try (StoreIterator it = store.iterator(ColumnFamily.TRANSFERS)) {
            it.seekForPrev(StoreLayout.timestampKey(ledger, from));
            if (!it.isValid() || !sameLedger(it.key(), ledger)) {
                it.seek(StoreLayout.timestampKey(ledger, from));
            }
            for (; it.isValid() && Arrays.compareUnsigned(it.key(), end) < 0; it.next()) {
                if (!sameLedger(it.key(), ledger)) {
                    continue;
                }
                TransferChunks.forEach(it.value(), (timestamp, chunk, offset, length) -> {
                    if (timestamp >= from && timestamp < to) {
                        visitor.accept(RecordCodec.decodeTransfer(timestamp, chunk, offset, TransferStatus.POSTED));
                    }
                });
            }
            it.checkStatus();
        }
    }

    private static boolean sameLedger(byte[] key, int ledger) {
        return dev.settle.store.Bytes.getInt(key, 0) == ledger;
    }

    private static String[] values(byte[] metadata, List<String> keys) {
        String[] values = new String[keys.size()];
        if (metadata == null || metadata.length == 0) {
            return values;
        }
        Map<String, Object> map = Metadata.render(metadata);
        for (int k = 0; k < values.length; k++) {
            Object v = map.get(keys.get(k));
            values[k] = v == null ? null : v.toString();
        }
        return values;
    }
}
