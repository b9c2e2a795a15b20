package dev.settle.store;

import dev.settle.ledger.BatchChanges;
import dev.settle.ledger.TransferRecord;
import dev.settle.ledger.TransferStatus;
import dev.settle.store.StoreLayout.ColumnFamily;

/**
 * Transfers are stored in chunks of up to {@link #TRANSFERS_PER_CHUNK_MAX} consecutive transfers
 * of one batch, keyed by the timestamp of the chunk's first transfer: one RocksDB entry per chunk
 * costs a fraction of one per transfer to insert, and the table stays append-only. A transfer is
 * found by its timestamp: the chunk with the greatest key at or below it.
 *
 * <pre>
 * chunk    count:1 (timestamp:8 length:2 transfer)*     transfer: see RecordCodec
 * </pre>
 */
public final class TransferChunks {
    public static final int TRANSFERS_PER_CHUNK_MAX = 16;
    private static final int ENTRY_HEADER_BYTES = 10;

    /** Receives each transfer of a chunk: its timestamp and where its record lies in the chunk. */
    @FunctionalInterface
    public interface Visitor {
        void visit(long timestamp, byte[] chunk, int offset, int length);
    }

    private TransferChunks() {}

    /** Encodes transfers {@code from..to-1} of the log (at most the chunk maximum) as one chunk. */
    static void encode(BatchChanges.Transfers log, int from, int to, ByteSink out, ByteSink scratch) {
        if (to - from < 1 || to - from > TRANSFERS_PER_CHUNK_MAX) {
            throw new IllegalArgumentException("a chunk holds 1.." + TRANSFERS_PER_CHUNK_MAX + " transfers");
        }
        out.putByte(to - from);
        for (int i = from; i < to; i++) {
            scratch.clear();
            RecordCodec.encodeTransfer(log, i, scratch);
            out.putLong(log.timestamp(i));
            out.putShort(scratch.size());
            out.putBytes(scratch.buffer(), 0, scratch.size());
        }
    }

    public static void forEach(byte[] chunk, Visitor visitor) {
        int count = chunk[0] & 0xFF;
        int at = 1;
        for (int k = 0; k < count; k++) {
            if (at + ENTRY_HEADER_BYTES > chunk.length) {
                throw new CorruptStoreException("a transfer chunk ends early");
            }
            long timestamp = Bytes.getLong(chunk, at);
            int length = Bytes.getShort(chunk, at + 8);
            visitor.visit(timestamp, chunk, at + ENTRY_HEADER_BYTES, length);
            at += ENTRY_HEADER_BYTES + length;
        }
        if (at != chunk.length) {
            throw new CorruptStoreException("a transfer chunk has " + (chunk.length - at) + " stray bytes");
        }
    }

    /** The number of transfers in a chunk. */
    public static int count(byte[] chunk) {
        return chunk[0] & 0xFF;
    }

    /** The transfer with this timestamp, given its status, or null when no stored chunk holds it. */
    public static TransferRecord find(LedgerStore store, int ledger, long timestamp, TransferStatus status) {
        try (StoreIterator it = store.iterator(ColumnFamily.TRANSFERS)) {
            it.seekForPrev(StoreLayout.timestampKey(ledger, timestamp));
            if (!it.isValid() || Bytes.getInt(it.key(), 0) != ledger) {
                StoreRecovery.checkIterator(it);
                return null;
            }
            return find(it.value(), timestamp, status);
        }
    }

    private static TransferRecord find(byte[] chunk, long timestamp, TransferStatus status) {
        TransferRecord[] found = new TransferRecord[1];
        forEach(chunk, (at, bytes, offset, length) -> {
            if (at == timestamp) {
                found[0] = RecordCodec.decodeTransfer(at, bytes, offset, status);
            }
        });
        return found[0];
    }
}
