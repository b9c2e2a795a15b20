package dev.settle.events;

import dev.settle.store.Bytes;
import dev.settle.store.LedgerStore;
import dev.settle.store.StoreIterator;
import dev.settle.store.StoreLayout;
import dev.settle.store.StoreLayout.ColumnFamily;

/**
 * Which of a ledger's events are past the retention period: the caller deletes the records before
 * {@link #firstKept} (through the pod on a cluster, so every replica deletes the same). It never
 * keeps fewer than the newest record
 * (it holds the sequence the next event continues from) nor events the webhook relay has not
 * fanned out yet, so expiry can neither reuse an id nor lose a delivery.
 */
public final class EventRetention {
    private EventRetention() {}

    /**
     * The first sequence to keep: records before it have every event created before
     * {@code cutoffNanos} and a sequence at most {@code fannedOutThrough} (1: delete nothing).
     */
    public static long firstKept(LedgerStore store, int ledger, long cutoffNanos, long fannedOutThrough) {
        long firstKept = -1;
        try (StoreIterator it = store.iterator(ColumnFamily.EVENTS)) {
            for (it.seek(StoreLayout.sequenceKey(ledger, 0)); it.isValid() && Bytes.getInt(it.key(), 0) == ledger;
                    it.next()) {
                long first = Bytes.getLong(it.key(), StoreLayout.LEDGER_BYTES);
                byte[] chunk = it.value();
                long last = first + EventChunks.count(chunk) - 1;
                boolean expired = Long.compareUnsigned(EventChunks.lastCreatedNanos(chunk), cutoffNanos) < 0
                        && last <= fannedOutThrough;
                if (!expired || isNewest(it, ledger)) {
                    firstKept = first;
                    break;
                }
            }
        }
        return Math.max(firstKept, 1);
    }

    /** True when the iterator's record is the ledger's last one; leaves the iterator where it was. */
    private static boolean isNewest(StoreIterator it, int ledger) {
        byte[] key = it.key();
        it.next();
        boolean newest = !it.isValid() || Bytes.getInt(it.key(), 0) != ledger;
        it.seek(key);
        return newest;
    }
}
