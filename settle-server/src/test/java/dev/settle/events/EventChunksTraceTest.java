package dev.settle.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.settle.store.ByteSink;
import dev.settle.store.CorruptStoreException;
import dev.settle.tracing.TraceParent;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Event records with and without their trailer of trace contexts: the layout, and what does not decode. */
class EventChunksTraceTest {
    static final TraceParent A = new TraceParent(0x0af7651916cd43ddL, 0x8448eb211c80319cL, 0xb7ad6b7169203331L,
            TraceParent.FLAG_SAMPLED);
    static final TraceParent B = new TraceParent(1, 2, 3, (byte) 0);
    static final long FIRST_SEQUENCE = 41;

    @Test
    void anUntracedRecordKeepsFormatOneByteForByte() {
        byte[] record = record(3, false, out -> { });
        assertThat(record).hasSize(EventChunks.HEADER_BYTES + 3 * EventChunks.ENTRY_BYTES);
        assertThat(record[0]).isEqualTo((byte) 1);
        assertThat(EventChunks.count(record)).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            assertThat(EventChunks.entry(1, FIRST_SEQUENCE, record, i).trace()).isNull();
        }
    }

    @Test
    void runsGiveTheirEntriesTheirContextAndOthersNone() {
        byte[] record = record(5, true, out -> {
            EventChunks.beginTrailer(out, 2);
            EventChunks.putRun(out, 1, 2, A);
            EventChunks.putRun(out, 4, 4, B);
        });
        assertThat(record).hasSize(EventChunks.HEADER_BYTES + 5 * EventChunks.ENTRY_BYTES + EventChunks.RUNS_BYTES
                + 2 * EventChunks.RUN_BYTES);
        assertThat(EventChunks.count(record)).isEqualTo(5);
        assertThat(EventChunks.lastCreatedNanos(record)).isEqualTo(1_000 + 4);
        TraceParent[] expected = {null, A, A, null, B};
        for (int i = 0; i < 5; i++) {
            Event e = EventChunks.entry(1, FIRST_SEQUENCE, record, i);
            assertThat(e.trace()).as("entry %d", i).isEqualTo(expected[i]);
            assertThat(e.sequence()).isEqualTo(FIRST_SEQUENCE + i);
            assertThat(e.objectTimestamp()).isEqualTo(2_000 + i);
        }
    }

    @Test
    void aDamagedTrailerDoesNotDecode() {
        assertCorrupt("a traced record without its trailer", record(2, true, out -> { }));
        assertCorrupt("no runs", record(2, true, out -> out.putShort(0)));
        assertCorrupt("more runs than written", record(2, true, out -> {
            EventChunks.beginTrailer(out, 2);
            EventChunks.putRun(out, 0, 0, A);
        }));
        assertCorrupt("overlapping runs", record(4, true, out -> {
            EventChunks.beginTrailer(out, 2);
            EventChunks.putRun(out, 0, 2, A);
            EventChunks.putRun(out, 2, 3, B);
        }));
        assertCorrupt("runs out of order", record(4, true, out -> {
            EventChunks.beginTrailer(out, 2);
            EventChunks.putRun(out, 2, 3, A);
            EventChunks.putRun(out, 0, 1, B);
        }));
        assertCorrupt("a run past the entries", record(2, true, out -> {
            EventChunks.beginTrailer(out, 1);
            EventChunks.putRun(out, 1, 2, A);
        }));
        assertCorrupt("a run that ends before it starts", record(3, true, out -> {
            EventChunks.beginTrailer(out, 1);
            out.putByte(2); // What putRun refuses to write: first 2, last 1.
            out.putByte(1);
            out.putLong(A.traceIdHigh());
            out.putLong(A.traceIdLow());
            out.putLong(A.spanId());
            out.putByte(A.flags());
        }));
        byte[] zeroSpan = record(2, true, out -> {
            EventChunks.beginTrailer(out, 1);
            EventChunks.putRun(out, 0, 1, A);
        });
        java.util.Arrays.fill(zeroSpan, zeroSpan.length - 9, zeroSpan.length - 1, (byte) 0);
        assertCorrupt("a zero span id", zeroSpan);
        assertCorrupt("a trailer after an untraced record", record(2, false, out -> {
            EventChunks.beginTrailer(out, 1);
            EventChunks.putRun(out, 0, 1, A);
        }));
        byte[] unknown = record(1, false, out -> { });
        unknown[0] = 3;
        assertCorrupt("an unknown format", unknown);
    }

    /** A record of {@code count} entries (created 1000+i, object timestamp 2000+i), then {@code trailer}. */
    private static byte[] record(int count, boolean traced, Consumer<ByteSink> trailer) {
        ByteSink out = new ByteSink(64);
        EventChunks.beginChunk(out, count, traced);
        for (int i = 0; i < count; i++) {
            EventChunks.putEntry(out, EventType.TRANSFER_CREATED, 1_000 + i, 2_000 + i, 0, 100 + i);
        }
        trailer.accept(out);
        return out.toArray();
    }

    private static void assertCorrupt(String what, byte[] record) {
        assertThatThrownBy(() -> EventChunks.count(record)).as(what).isInstanceOf(CorruptStoreException.class);
    }
}
