package dev.settle.payments;

import dev.settle.ledger.UInt128;
import dev.settle.store.LedgerStore;
import dev.settle.store.StoreIterator;
import dev.settle.store.StoreLayout.ColumnFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Reads of the payments column family: intents and refunds now and at a version, and lists, newest first. */
public final class PaymentReads {
    private final LedgerStore store;

    public PaymentReads(LedgerStore store) {
        this.store = store;
    }

    public PaymentIntent intent(int ledger, UInt128 id) {
        byte[] bytes = store.get(ColumnFamily.PAYMENTS, PaymentRecords.intentKey(ledger, id));
        return bytes == null ? null : PaymentRecords.decodeIntent(bytes);
    }

    public PaymentIntent intentAt(int ledger, UInt128 id, int version) {
        byte[] bytes = store.get(ColumnFamily.PAYMENTS, PaymentRecords.intentVersionKey(ledger, id, version));
        return bytes == null ? null : PaymentRecords.decodeIntent(bytes);
    }

    public Refund refund(int ledger, UInt128 id) {
        byte[] bytes = store.get(ColumnFamily.PAYMENTS, PaymentRecords.refundKey(ledger, id));
        return bytes == null ? null : PaymentRecords.decodeRefund(bytes);
    }

    public Refund refundAt(int ledger, UInt128 id, int version) {
        byte[] bytes = store.get(ColumnFamily.PAYMENTS, PaymentRecords.refundVersionKey(ledger, id, version));
        return bytes == null ? null : PaymentRecords.decodeRefund(bytes);
    }

    /** The object id a request key made (the index written with the creation), or null. */
    UInt128 madeBy(byte[] requestKeyIndex) {
        byte[] bytes = store.get(ColumnFamily.PAYMENTS, requestKeyIndex);
        return bytes == null ? null : PaymentRecords.objectId(bytes);
    }

    /** A page of a list, newest first. */
    public record Page<T>(List<T> data, boolean hasMore) {}

    /**
     * Intents of the ledger, newest first: after {@code startingAfter} (older than it), or before
     * {@code endingBefore} (newer), or from the newest; at most {@code limit}.
     */
    public Page<PaymentIntent> intents(int ledger, int limit, UInt128 startingAfter, UInt128 endingBefore) {
        return page(ledger, PaymentRecords.INTENT, limit, startingAfter, endingBefore, PaymentRecords::decodeIntent);
    }

    public Page<Refund> refunds(int ledger, int limit, UInt128 startingAfter, UInt128 endingBefore) {
        return page(ledger, PaymentRecords.REFUND, limit, startingAfter, endingBefore, PaymentRecords::decodeRefund);
    }

    private <T> Page<T> page(int ledger, byte kind, int limit, UInt128 startingAfter, UInt128 endingBefore,
            Function<byte[], T> decode) {
        byte[] prefix = PaymentRecords.prefix(ledger, kind);
        List<T> found = new ArrayList<>();
        try (StoreIterator it = store.iterator(ColumnFamily.PAYMENTS)) {
            if (endingBefore != null) {
                // Newer than the cursor: walk forward from it, then show newest first.
                it.seek(objectKey(ledger, kind, endingBefore));
                if (it.isValid() && PaymentRecords.hasPrefix(it.key(), prefix)
                        && PaymentRecords.objectId(it.key()).equals(endingBefore)) {
                    it.next();
                }
                while (it.isValid() && PaymentRecords.hasPrefix(it.key(), prefix) && found.size() <= limit) {
                    found.add(decode.apply(it.value()));
                    it.next();
                }
                boolean more = found.size() > limit;
                List<T> page = new ArrayList<>(found.subList(0, Math.min(limit, found.size())));
                java.util.Collections.reverse(page);
                return new Page<>(page, more);
            }
            if (startingAfter != null) {
                it.seekForPrev(objectKey(ledger, kind, startingAfter));
                if (it.isValid() && PaymentRecords.hasPrefix(it.key(), prefix)
                        && PaymentRecords.objectId(it.key()).equals(startingAfter)) {
                    it.prev();
                }
            } else {
                byte[] end = PaymentRecords.prefix(ledger, (byte) (kind + 1));
                it.seekForPrev(end);
                if (it.isValid() && java.util.Arrays.equals(it.key(), end)) {
                    it.prev();
                }
            }
            while (it.isValid() && PaymentRecords.hasPrefix(it.key(), prefix) && found.size() <= limit) {
                found.add(decode.apply(it.value()));
                it.prev();
            }
            it.checkStatus();
        }
        boolean more = found.size() > limit;
        return new Page<>(more ? found.subList(0, limit) : found, more);
    }

    private static byte[] objectKey(int ledger, byte kind, UInt128 id) {
        return kind == PaymentRecords.INTENT ? PaymentRecords.intentKey(ledger, id) : PaymentRecords.refundKey(ledger, id);
    }

    /** A record of the payments family: its key and value. */
    record Entry(byte[] key, byte[] value) {}

    /** The steps at the processor not finished, of one ledger. */
    List<Entry> openSteps(int ledger) {
        return entries(PaymentRecords.prefix(ledger, PaymentRecords.STEP));
    }

    /** The open authorizations of one ledger, with when each expires. */
    List<Entry> openAuthorizations(int ledger) {
        return entries(PaymentRecords.prefix(ledger, PaymentRecords.EXPIRY));
    }

    private List<Entry> entries(byte[] prefix) {
        List<Entry> entries = new ArrayList<>();
        try (StoreIterator it = store.iterator(ColumnFamily.PAYMENTS)) {
            for (it.seek(prefix); it.isValid() && PaymentRecords.hasPrefix(it.key(), prefix); it.next()) {
                entries.add(new Entry(it.key(), it.value()));
            }
            it.checkStatus();
        }
        return entries;
    }
}
