package dev.settle.pod;

import dev.settle.store.LedgerStore;
import dev.settle.store.StoreLayout.ColumnFamily;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * The records that batches applied but not yet released have written (maybe not yet in the store),
 * by column family and key, over the store: what an apply reads when it must see every batch
 * before it — stored idempotency answers, and the records a guarded change expects. A batch's
 * records are forgotten once it is released (the store answers for them then).
 */
final class RecentRecords {
    private record Recent(byte[] value, long sequence) {}

    private static final ColumnFamily[] FAMILIES = ColumnFamily.values();
    private final LedgerStore store;
    /** By family ordinal; null until the family is written. Keys are wrapped, never copied. */
    @SuppressWarnings("unchecked")
    private final Map<ByteBuffer, Recent>[] byFamily = new Map[FAMILIES.length];

    RecentRecords(LedgerStore store) {
        this.store = store;
    }

    /** {@code value} written at {@code key} by batch {@code sequence}; an empty value is a deletion. */
    void put(ColumnFamily family, byte[] key, byte[] value, long sequence) {
        Map<ByteBuffer, Recent> records = byFamily[family.ordinal()];
        if (records == null) {
            records = new HashMap<>();
            byFamily[family.ordinal()] = records;
        }
        records.put(ByteBuffer.wrap(key), new Recent(value, sequence));
    }

    /** The record at {@code key} as the batches applied so far left it, or null when there is none. */
    byte[] current(ColumnFamily family, byte[] key) {
        Map<ByteBuffer, Recent> records = byFamily[family.ordinal()];
        Recent recent = records == null ? null : records.get(ByteBuffer.wrap(key));
        if (recent != null) {
            return recent.value().length == 0 ? null : recent.value();
        }
        return store.get(family, key);
    }

    /** Forgets what batches up to {@code sequence} wrote: the store holds it. */
    void releaseThrough(long sequence) {
        for (Map<ByteBuffer, Recent> records : byFamily) {
            if (records != null && !records.isEmpty()) {
                records.values().removeIf(record -> record.sequence() <= sequence);
            }
        }
    }
}
