package dev.settle.pod;

import dev.settle.ledger.Invariants;
import dev.settle.store.ByteSink;
import dev.settle.tracing.TraceParent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A {@link PodBatch} as bytes, and back: what a replicated pod's leader proposes as one Raft log
 * entry and what every member decodes and applies. Deterministic (equal batches give equal bytes)
 * and canonical (a byte string that decodes has no other encoding), so members that log the same
 * bytes apply the same batch. Big-endian, as everything the store writes:
 *
 * <pre>
 * batch     version:1 sequence:8 time_nanos:8 count:4 entry*
 * entry     tag:1 has:1 command trace? response?
 *           has: bit 0 a trace context follows the command, bit 1 a response does
 * command   by tag: 1 create accounts, 2 create transfers, 3 create transaction, 4 barrier (no
 *           bytes), 5 add ledger (ledger:4), 6 remove ledger (ledger:4), 7 record change;
 *           the bodies are in {@link CommandCodec}
 * trace     trace_id_high:8 trace_id_low:8 span_id:8 flags:1
 * response  what the {@link ResponseCodec} writes
 * </pre>
 *
 * <p>Decoding trusts nothing: bytes that are truncated, too long, of another version, with an
 * unknown tag, a count over its limit (the ledger's batch limits, the pod's events per batch) or
 * a field outside its domain are refused with one exception, {@link MalformedBatchException},
 * naming the field and the offset. No count sizes an allocation before it is checked against the
 * bytes left.
 *
 * <p>Encoding is on the leader's hot path: it sizes the output exactly from the batch (responses
 * by their codec's hint) and allocates nothing else per field.
 *
 * <p>The response to store with each entry ({@link DurableResponse}) is written by the
 * {@link ResponseCodec} given to the constructor: the codec does not know its shape. The codec
 * keeps no state of its own, so threads may share it when its response codec allows.
 */
public final class PodBatchCodec {
    /** The version byte of this layout; a reader refuses every other. */
    public static final int FORMAT_VERSION = 1;
    static final int HEADER_BYTES = 1 + 8 + 8 + 4;
    /** tag, has: a barrier without trace context or response. */
    static final int ENTRY_BYTES_MIN = 2;
    static final int TRACE_BYTES = 8 + 8 + 8 + 1;
    /** What a response takes when its codec gives no hint: a stored answer of a single create. */
    static final int RESPONSE_BYTES_HINT = 512;
    /** The largest Java array. */
    private static final long BATCH_BYTES_MAX = Integer.MAX_VALUE - 8;

    private static final int HAS_TRACE = 1;
    private static final int HAS_RESPONSE = 1 << 1;
    private static final int TAG_CREATE_ACCOUNTS = 1;
    private static final int TAG_CREATE_TRANSFERS = 2;
    private static final int TAG_CREATE_TRANSACTION = 3;
    private static final int TAG_BARRIER = 4;
    private static final int TAG_ADD_LEDGER = 5;
    private static final int TAG_REMOVE_LEDGER = 6;
    private static final int TAG_RECORD_CHANGE = 7;
    private static final int TAG_CREATE_LEDGER = 8;
    private static final int TAG_STORE_CHANGE = 9;
    private static final int TAG_GUARDED_CHANGE = 10;
    private static final int TAG_GUARDED_RECORDS = 11;

    /**
     * Writes and reads the response stored with an entry. It writes the inputs from which the
     * response renders, never the rendering (that depends on the outcome, which the batch does
     * not hold).
     */
    public interface ResponseCodec {
        void write(DurableResponse response, ByteSink out);

        /**
         * Reads what {@link #write} put. For bytes it does not accept it throws
         * {@code in.malformed(...)}, never another exception, and it never returns null.
         */
        DurableResponse read(ByteReader in);

        /** About how many bytes {@link #write} puts: sizes the output (a wrong hint costs a copy, never a wrong byte). */
        default int encodedBytesHint(DurableResponse response) {
            return RESPONSE_BYTES_HINT;
        }
    }

    /** Bytes that are not a pod batch of this format; the message names the field and the offset. */
    public static final class MalformedBatchException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int offset;

        MalformedBatchException(String what, int offset) {
            super("malformed pod batch at offset " + offset + ": " + what);
            this.offset = offset;
        }

        /** Where the field that is wrong starts. */
        public int offset() {
            return offset;
        }
    }

    private final ResponseCodec responses;

    public PodBatchCodec(ResponseCodec responses) {
        this.responses = Objects.requireNonNull(responses, "responses");
    }

    /**
     * The batch's bytes. Throws IllegalArgumentException for a batch that the format cannot carry
     * (more than fits one Java array, a put key longer than the format's limit).
     */
    public byte[] encode(PodBatch batch) {
        List<PodBatch.Entry> entries = batch.entries();
        long size = HEADER_BYTES;
        long events = 0;
        for (int k = 0; k < entries.size(); k++) {
            size += entryBytes(entries.get(k));
            events += entries.get(k).command().events();
        }
        Invariants.check(events <= PodConfig.EVENTS_PER_BATCH_LIMIT, "a pod batch holds at most its limit of events");
        if (size > BATCH_BYTES_MAX) {
            throw new IllegalArgumentException("a pod batch of " + size + " bytes does not fit one array");
        }
        ByteSink out = new ByteSink((int) size);
        out.putByte(FORMAT_VERSION);
        out.putLong(batch.sequence());
        out.putLong(batch.timeNanos());
        out.putInt(entries.size());
        for (int k = 0; k < entries.size(); k++) {
            putEntry(entries.get(k), out);
        }
        // Exactly sized unless a response hint was off: then the buffer grew, and is trimmed.
        return out.size() == out.buffer().length ? out.buffer() : out.toArray();
    }

    /** The batch {@link #encode} gave these bytes for; throws {@link MalformedBatchException} for any others. */
    public PodBatch decode(byte[] bytes) {
        ByteReader in = new ByteReader(bytes);
        int version = in.getByte("format version");
        if (version != FORMAT_VERSION) {
            throw in.malformed("format version " + version + " is not the one this server reads, " + FORMAT_VERSION);
        }
        long sequence = in.getLong("sequence");
        long timeNanos = in.getLong("time");
        if (sequence <= 0 || timeNanos <= 0) {
            throw in.malformed("sequence " + sequence + " and time " + timeNanos + " must both be positive");
        }
        int count = in.checkCount(in.getInt("entry count"), Integer.MAX_VALUE, ENTRY_BYTES_MIN, "entry");
        List<PodBatch.Entry> entries = new ArrayList<>(count);
        long events = 0;
        for (int k = 0; k < count; k++) {
            PodBatch.Entry entry = readEntry(in);
            events += entry.command().events();
            if (events > PodConfig.EVENTS_PER_BATCH_LIMIT) {
                throw in.malformed("entries through " + k + " hold more than a batch's limit of "
                        + PodConfig.EVENTS_PER_BATCH_LIMIT + " events");
            }
            entries.add(entry);
        }
        in.requireEnd("the last entry");
        return new PodBatch(sequence, timeNanos, Collections.unmodifiableList(entries));
    }

    private long entryBytes(PodBatch.Entry entry) {
        long command = switch (entry.command()) {
            case PodCommand.CreateAccounts c -> CommandCodec.accountsBytes(c.accounts());
            case PodCommand.CreateTransfers c -> CommandCodec.transfersBytes(c.transfers());
            case PodCommand.CreateTransaction c -> CommandCodec.transactionBytes(c.transaction());
            case PodCommand.Barrier b -> 0;
            case PodCommand.AddLedger a -> CommandCodec.LEDGER_BYTES;
            case PodCommand.RemoveLedger r -> CommandCodec.LEDGER_BYTES;
            case PodCommand.RecordChange c -> CommandCodec.recordChangeBytes(c);
            case PodCommand.CreateLedger c -> CommandCodec.createLedgerBytes(c);
            case PodCommand.StoreChange c -> CommandCodec.storeChangeBytes(c);
            case PodCommand.GuardedChange c -> CommandCodec.guardedChangeBytes(c);
            case PodCommand.GuardedRecords c -> CommandCodec.guardedRecordsBytes(c);
        };
        return ENTRY_BYTES_MIN + command + (entry.trace() == null ? 0 : TRACE_BYTES)
                + (entry.response() == null ? 0 : responses.encodedBytesHint(entry.response()));
    }

    private void putEntry(PodBatch.Entry entry, ByteSink out) {
        out.putByte(tag(entry.command()));
        out.putByte((entry.trace() == null ? 0 : HAS_TRACE) | (entry.response() == null ? 0 : HAS_RESPONSE));
        switch (entry.command()) {
            case PodCommand.CreateAccounts c -> CommandCodec.putAccounts(c, out);
            case PodCommand.CreateTransfers c -> CommandCodec.putTransfers(c, out);
            case PodCommand.CreateTransaction c -> CommandCodec.putTransaction(c, out);
            case PodCommand.Barrier b -> { }
            case PodCommand.AddLedger a -> out.putInt(a.ledger());
            case PodCommand.RemoveLedger r -> out.putInt(r.ledger());
            case PodCommand.RecordChange c -> CommandCodec.putRecordChange(c, out);
            case PodCommand.CreateLedger c -> CommandCodec.putCreateLedger(c, out);
            case PodCommand.StoreChange c -> CommandCodec.putStoreChange(c, out);
            case PodCommand.GuardedChange c -> CommandCodec.putGuardedChange(c, out);
            case PodCommand.GuardedRecords c -> CommandCodec.putGuardedRecords(c, out);
        }
        if (entry.trace() != null) {
            TraceParent trace = entry.trace();
            out.putLong(trace.traceIdHigh());
            out.putLong(trace.traceIdLow());
            out.putLong(trace.spanId());
            out.putByte(trace.flags());
        }
        if (entry.response() != null) {
            responses.write(entry.response(), out);
        }
    }

    private static int tag(PodCommand<?> command) {
        return switch (command) {
            case PodCommand.CreateAccounts c -> TAG_CREATE_ACCOUNTS;
            case PodCommand.CreateTransfers c -> TAG_CREATE_TRANSFERS;
            case PodCommand.CreateTransaction c -> TAG_CREATE_TRANSACTION;
            case PodCommand.Barrier b -> TAG_BARRIER;
            case PodCommand.AddLedger a -> TAG_ADD_LEDGER;
            case PodCommand.RemoveLedger r -> TAG_REMOVE_LEDGER;
            case PodCommand.RecordChange c -> TAG_RECORD_CHANGE;
            case PodCommand.CreateLedger c -> TAG_CREATE_LEDGER;
            case PodCommand.StoreChange c -> TAG_STORE_CHANGE;
            case PodCommand.GuardedChange c -> TAG_GUARDED_CHANGE;
            case PodCommand.GuardedRecords c -> TAG_GUARDED_RECORDS;
        };
    }

    private PodBatch.Entry readEntry(ByteReader in) {
        int tag = in.getByte("command tag");
        if (tag < TAG_CREATE_ACCOUNTS || tag > TAG_GUARDED_RECORDS) {
            throw in.malformed("unknown command tag " + tag);
        }
        int has = in.getByte("entry's has byte");
        if ((has & ~(HAS_TRACE | HAS_RESPONSE)) != 0) {
            throw in.malformed("entry's has byte " + has + " sets undefined bits");
        }
        PodCommand<?> command = switch (tag) {
            case TAG_CREATE_ACCOUNTS -> CommandCodec.readAccounts(in);
            case TAG_CREATE_TRANSFERS -> CommandCodec.readTransfers(in);
            case TAG_CREATE_TRANSACTION -> CommandCodec.readTransaction(in);
            case TAG_BARRIER -> new PodCommand.Barrier();
            case TAG_ADD_LEDGER -> new PodCommand.AddLedger(in.getInt("ledger to add"));
            case TAG_REMOVE_LEDGER -> new PodCommand.RemoveLedger(in.getInt("ledger to remove"));
            case TAG_RECORD_CHANGE -> CommandCodec.readRecordChange(in);
            case TAG_CREATE_LEDGER -> CommandCodec.readCreateLedger(in);
            case TAG_STORE_CHANGE -> CommandCodec.readStoreChange(in);
            case TAG_GUARDED_CHANGE -> CommandCodec.readGuardedChange(in);
            case TAG_GUARDED_RECORDS -> CommandCodec.readGuardedRecords(in);
            default -> throw new AssertionError("tag " + tag + " was checked");
        };
        TraceParent trace = (has & HAS_TRACE) == 0 ? null : readTrace(in);
        DurableResponse response = (has & HAS_RESPONSE) == 0 ? null : responses.read(in);
        Invariants.check((has & HAS_RESPONSE) == 0 || response != null, "a response codec reads a response");
        return new PodBatch.Entry(command, response, trace);
    }

    private static TraceParent readTrace(ByteReader in) {
        long high = in.getLong("trace id");
        long low = in.getLong("trace id");
        long span = in.getLong("span id");
        byte flags = (byte) in.getByte("trace flags");
        if ((high | low) == 0 || span == 0) {
            throw in.malformed("a trace context has a zero trace or span id");
        }
        return new TraceParent(high, low, span, flags);
    }
}
