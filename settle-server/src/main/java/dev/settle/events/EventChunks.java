package dev.settle.events;

import dev.settle.ledger.Invariants;
import dev.settle.ledger.UInt128;
import dev.settle.store.ByteSink;
import dev.settle.store.Bytes;
import dev.settle.store.CorruptStoreException;
import dev.settle.tracing.TraceParent;

/**
 * The stored form of events: consecutive events of one ledger and one batch share a record,
 * keyed by the first one's sequence ({@code [ledger:4][sequence:8]}), so the outbox costs a few
 * keys per batch, not one per event.
 *
 * <pre>
 * format 1, when no event of the record has a trace context:
 *   [format:1 = 1][count:2] then count entries of 33 bytes:
 *   [type:1][created:8][object timestamp:8][object id high:8][object id low:8]
 *
 * format 2, when some have: the same with format 2, then a trailer:
 *   [format:1 = 2][count:2][count entries as above][runs:2] then runs of 27 bytes:
 *   [first index:1][last index:1][trace id high:8][trace id low:8][span id:8][flags:1]
 * </pre>
 * The i-th entry has sequence {@code first + i}. A run gives the entries {@code first..last}
 * (indexes in the record, inclusive) the W3C trace context of the request that caused them; runs
 * ascend and do not overlap, and entries in no run have none. One request's events are adjacent,
 * so a record holds about one run per traced request. Untraced records stay format 1, byte for
 * byte what they were before trace contexts existed.
 */
public final class EventChunks {
    public static final int EVENTS_PER_CHUNK_MAX = 256;
    static final int FORMAT_PLAIN = 1;
    static final int FORMAT_TRACED = 2;
    static final int HEADER_BYTES = 3;
    static final int ENTRY_BYTES = 33;
    static final int RUNS_BYTES = 2;
    static final int RUN_BYTES = 27;
    /** The largest record: every entry, each in its own run. */
    public static final int CHUNK_BYTES_MAX = HEADER_BYTES + EVENTS_PER_CHUNK_MAX * (ENTRY_BYTES + RUN_BYTES) + RUNS_BYTES;

    static {
        if (EVENTS_PER_CHUNK_MAX - 1 > 0xff) {
            throw new AssertionError("an entry's index fits the run's one byte");
        }
    }

    private EventChunks() {}

    /** Starts a record of {@code count} entries; {@code traced}: a trailer of runs follows them. */
    public static void beginChunk(ByteSink out, int count, boolean traced) {
        Invariants.check(count > 0 && count <= EVENTS_PER_CHUNK_MAX, "chunk size within bounds");
        out.putByte(traced ? FORMAT_TRACED : FORMAT_PLAIN);
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

    /** After the entries of a traced record: how many runs follow. */
    public static void beginTrailer(ByteSink out, int runs) {
        Invariants.check(runs > 0 && runs <= EVENTS_PER_CHUNK_MAX, "a traced record has 1..count runs");
        out.putShort(runs);
    }

    /** Entries {@code first..last} of the record were caused by the request of {@code trace}. */
    public static void putRun(ByteSink out, int first, int last, TraceParent trace) {
        Invariants.check(first >= 0 && first <= last && last < EVENTS_PER_CHUNK_MAX, "a run within the record");
        out.putByte(first);
        out.putByte(last);
        out.putLong(trace.traceIdHigh());
        out.putLong(trace.traceIdLow());
        out.putLong(trace.spanId());
        out.putByte(trace.flags());
    }

    /** Entries in the record; throws {@link CorruptStoreException} for a record that does not decode. */
    public static int count(byte[] chunk) {
        checkFormat(chunk);
        return Bytes.getShort(chunk, 1);
    }

    /** The i-th event of a chunk, with its trace context if it has one. */
    public static Event entry(int ledger, long firstSequence, byte[] chunk, int i) {
        int at = HEADER_BYTES + i * ENTRY_BYTES;
        return new Event(ledger, firstSequence + i, EventType.ofCode(chunk[at] & 0xff), Bytes.getLong(chunk, at + 1),
                Bytes.getLong(chunk, at + 9), new UInt128(Bytes.getLong(chunk, at + 17), Bytes.getLong(chunk, at + 25)),
                chunk[0] == FORMAT_TRACED ? traceOf(chunk, i) : null);
    }

    /** The creation time of a chunk's last event (its newest). */
    public static long lastCreatedNanos(byte[] chunk) {
        int count = count(chunk);
        return Bytes.getLong(chunk, HEADER_BYTES + (count - 1) * ENTRY_BYTES + 1);
    }

    /** The context of entry {@code i} of a traced record: the run holding it, found by bisection. */
    private static TraceParent traceOf(byte[] chunk, int i) {
        int runsAt = HEADER_BYTES + Bytes.getShort(chunk, 1) * ENTRY_BYTES;
        int low = 0;
        int high = Bytes.getShort(chunk, runsAt) - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            int at = runsAt + RUNS_BYTES + middle * RUN_BYTES;
            if (i < (chunk[at] & 0xff)) {
                high = middle - 1;
            } else if (i > (chunk[at + 1] & 0xff)) {
                low = middle + 1;
            } else {
                return new TraceParent(Bytes.getLong(chunk, at + 2), Bytes.getLong(chunk, at + 10),
                        Bytes.getLong(chunk, at + 18), chunk[at + 26]);
            }
        }
        return null;
    }

    private static void checkFormat(byte[] chunk) {
        if (chunk.length < HEADER_BYTES || chunk[0] != FORMAT_PLAIN && chunk[0] != FORMAT_TRACED) {
            throw corrupt(chunk, "an unknown format");
        }
        int count = Bytes.getShort(chunk, 1);
        int entriesEnd = HEADER_BYTES + count * ENTRY_BYTES;
        if (count == 0 || count > EVENTS_PER_CHUNK_MAX) {
            throw corrupt(chunk, count + " entries");
        }
        if (chunk[0] == FORMAT_PLAIN) {
            if (chunk.length != entriesEnd) {
                throw corrupt(chunk, "a length that is not its entries'");
            }
            return;
        }
        if (chunk.length < entriesEnd + RUNS_BYTES) {
            throw corrupt(chunk, "no trailer");
        }
        int runs = Bytes.getShort(chunk, entriesEnd);
        if (runs == 0 || runs > count || chunk.length != entriesEnd + RUNS_BYTES + runs * RUN_BYTES) {
            throw corrupt(chunk, "a trailer of " + runs + " runs that does not fit");
        }
        checkRuns(chunk, count, entriesEnd + RUNS_BYTES, runs);
    }

    /** Runs ascend, stay within the entries, and carry valid ids (what {@link TraceParent} requires). */
    private static void checkRuns(byte[] chunk, int count, int runsAt, int runs) {
        int previousLast = -1;
        for (int r = 0; r < runs; r++) {
            int at = runsAt + r * RUN_BYTES;
            int first = chunk[at] & 0xff;
            int last = chunk[at + 1] & 0xff;
            if (first <= previousLast || last < first || last >= count) {
                throw corrupt(chunk, "a run " + first + ".." + last + " out of order or past its " + count
                        + " entries");
            }
            if ((Bytes.getLong(chunk, at + 2) | Bytes.getLong(chunk, at + 10)) == 0 || Bytes.getLong(chunk, at + 18) == 0) {
                throw corrupt(chunk, "a trace context with a zero id");
            }
            previousLast = last;
        }
    }

    private static CorruptStoreException corrupt(byte[] chunk, String what) {
        return new CorruptStoreException("an events record does not decode (" + chunk.length + " bytes, " + what + ")");
    }
}
