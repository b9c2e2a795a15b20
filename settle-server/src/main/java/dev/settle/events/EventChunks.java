package dev.settle.events;

import dev.settle.ledger.UInt128;
import dev.settle.store.ByteSink;
import dev.settle.store.Bytes;
import dev.settle.store.CorruptStoreException;

/**
 * The stored form of events: consecutive events of one ledger and one batch share a record,
 * keyed by the first one's sequence ({@code [ledger:4][sequence:8]}), so the outbox costs a few
 * keys per batch, not one per event.
 *
 * <pre>
 * value:  [format:1 = 1][count:2] then count entries of 33 bytes:
 *         [type:1][created:8][object timestamp:8][object id high:8][object id low:8]
 * </pre>
 * The i-th entry has sequence {@code first + i}.
 */
public final class EventChunks {
    public static final int EVENTS_PER_CHUNK_MAX = 256;
    static final int FORMAT = 1;
    static final int HEADER_BYTES = 3;
    static final int ENTRY_BYTES = 33;

    private EventChunks() {}

    public static void beginChunk(ByteSink out, int count) {
        assert count > 0 && count <= EVENTS_PER_CHUNK_MAX : "chunk size within bounds";
        out.putByte(FORMAT);
        out.putShort(count);
    }

    public static void putEntry(ByteSink out, EventType type, long createdNanos, long objectTimestamp, long idHigh,
            long idLow) {
        out.putByte(type.code());
        out.putLong(createdNanos);
        out.putLong(objectTimestamp);
        out.putLong(idHigh);
        out.putLong(idLow);
    }

    public static int count(byte[] chunk) {
        checkFormat(chunk);
        return Bytes.getShort(chunk, 1);
    }

    /** The i-th event of a chunk. */
    public static Event entry(int ledger, long firstSequence, byte[] chunk, int i) {
        int at = HEADER_BYTES + i * ENTRY_BYTES;
        return new Event(ledger, firstSequence + i, EventType.ofCode(chunk[at] & 0xff), Bytes.getLong(chunk, at + 1),
                Bytes.getLong(chunk, at + 9), new UInt128(Bytes.getLong(chunk, at + 17), Bytes.getLong(chunk, at + 25)));
    }

    /** The creation time of a chunk's last event (its newest). */
    public static long lastCreatedNanos(byte[] chunk) {
        int count = count(chunk);
        return Bytes.getLong(chunk, HEADER_BYTES + (count - 1) * ENTRY_BYTES + 1);
    }

    private static void checkFormat(byte[] chunk) {
        if (chunk.length < HEADER_BYTES || chunk[0] != FORMAT
                || chunk.length != HEADER_BYTES + Bytes.getShort(chunk, 1) * ENTRY_BYTES) {
            throw new CorruptStoreException("an events record does not decode (" + chunk.length + " bytes)");
        }
    }
}
