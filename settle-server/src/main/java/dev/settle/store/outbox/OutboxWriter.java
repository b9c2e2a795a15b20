package dev.settle.store.outbox;

import dev.settle.events.EventChunks;
import dev.settle.events.EventType;
import dev.settle.ledger.BatchChanges;
import dev.settle.ledger.Invariants;
import dev.settle.ledger.TransactionRecord;
import dev.settle.ledger.TransferStatus;
import dev.settle.store.ByteSink;
import dev.settle.store.StoreLayout;
import dev.settle.store.WriteBatchRep;
import dev.settle.tracing.TraceParent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The transactional outbox: turns what one ledger's batch changed into events and puts them in
 * the batch's own {@link WriteBatchRep}, so an event is durable exactly when its change is.
 * Events are numbered per ledger without gaps and ordered by the time of their change
 * (expiries, which happen when a batch begins, first). Owned by a pod's writer thread.
 */
public final class OutboxWriter {
    private final Map<Integer, long[]> nextSequence = new HashMap<>();
    private final ByteSink chunk = new ByteSink(EventChunks.CHUNK_BYTES_MAX);
    private final Pending pending = new Pending();

    /** After recovery or a move: the sequence the ledger's next event gets. */
    public void restore(int ledger, long next) {
        Invariants.check(next > 0, "event sequences start at 1");
        nextSequence.put(ledger, new long[] {next});
    }

    public void forget(int ledger) {
        nextSequence.remove(ledger);
    }

    /**
     * Writes the batch's events of {@code ledger}, each with the trace context of the request that
     * caused it, if {@code traces} has one; returns how many.
     */
    public int encode(int ledger, BatchChanges changes, EventTraces traces, WriteBatchRep rep, int eventsFamilyId) {
        pending.clear();
        collect(changes);
        if (pending.size == 0) {
            return 0;
        }
        boolean traced = !traces.isEmpty() && pending.findTraces(traces);
        long[] next = nextSequence.computeIfAbsent(ledger, l -> new long[] {1});
        for (int first = 0; first < pending.size; first += EventChunks.EVENTS_PER_CHUNK_MAX) {
            int end = Math.min(pending.size, first + EventChunks.EVENTS_PER_CHUNK_MAX);
            int runs = traced ? pending.runs(first, end, null) : 0;
            chunk.clear();
            EventChunks.beginChunk(chunk, end - first, runs > 0);
            for (int i = first; i < end; i++) {
                int k = pending.order[i];
                EventChunks.putEntry(chunk, pending.type[k], pending.created[k], pending.objectTimestamp[k],
                        pending.idHigh[k], pending.idLow[k]);
            }
            if (runs > 0) {
                EventChunks.beginTrailer(chunk, runs);
                int written = pending.runs(first, end, chunk);
                Invariants.check(written == runs, "the trailer holds the runs counted");
            }
            rep.beginPut(eventsFamilyId, StoreLayout.TIMESTAMP_KEY_BYTES)
                    .putBytes(StoreLayout.sequenceKey(ledger, next[0] + first));
            rep.endPut(chunk);
        }
        next[0] += pending.size;
        return pending.size;
    }

    /**
     * Writes events that no ledger change makes ({@link NotedEvent}), after the batch's others,
     * all created at {@code createdNanos} (not before the batch's last event); returns how many.
     */
    public int encodeNoted(int ledger, List<NotedEvent> events, long createdNanos, WriteBatchRep rep,
            int eventsFamilyId) {
        if (events.isEmpty()) {
            return 0;
        }
        Invariants.check(events.size() <= EventChunks.EVENTS_PER_CHUNK_MAX, "noted events fit one record");
        long[] next = nextSequence.computeIfAbsent(ledger, l -> new long[] {1});
        chunk.clear();
        EventChunks.beginChunk(chunk, events.size(), false);
        for (NotedEvent e : events) {
            // A noted event's object timestamp is its object's version when it names one.
            long objectTimestamp = e.objectVersion() == NotedEvent.CURRENT ? createdNanos : e.objectVersion();
            EventChunks.putEntry(chunk, e.type(), createdNanos, objectTimestamp, e.objectId().high(),
                    e.objectId().low());
        }
        rep.beginPut(eventsFamilyId, StoreLayout.TIMESTAMP_KEY_BYTES).putBytes(StoreLayout.sequenceKey(ledger, next[0]));
        rep.endPut(chunk);
        next[0] += events.size();
        return events.size();
    }

    private void collect(BatchChanges changes) {
        pending.beginSource();
        BatchChanges.ClosedPendings closed = changes.closedPendings();
        for (int i = 0; i < closed.size(); i++) {
            if (closed.status(i) == TransferStatus.EXPIRED) {
                pending.add(EventType.TRANSFER_EXPIRED, closed.closedAt(i), closed.pendingTimestamp(i),
                        closed.idHigh(i), closed.idLow(i));
            }
        }
        pending.beginSource();
        BatchChanges.Accounts accounts = changes.accounts();
        for (int i = 0; i < changes.createdAccountCount(); i++) {
            int slot = changes.createdAccountSlot(i);
            long timestamp = accounts.timestamp(slot);
            pending.add(EventType.ACCOUNT_CREATED, timestamp, timestamp, accounts.idHigh(slot), accounts.idLow(slot));
        }
        pending.beginSource();
        BatchChanges.Transfers transfers = changes.transfers();
        for (int i = 0; i < transfers.size(); i++) {
            long timestamp = transfers.timestamp(i);
            pending.add(EventType.ofNewTransfer(transfers.flags(i)), timestamp, timestamp, transfers.idHigh(i),
                    transfers.idLow(i));
        }
        pending.beginSource();
        List<TransactionRecord> transactions = changes.transactions();
        for (TransactionRecord t : transactions) {
            // Its legs follow its own timestamp; its event follows its legs'.
            pending.add(EventType.TRANSACTION_CREATED, t.timestamp(), t.timestamp(), t.id().high(), t.id().low(),
                    t.timestamp() + t.legCount());
        }
        pending.mergeByCreated();
    }

    /** The batch's events before numbering, in parallel arrays (no object per event on the hot path). */
    private static final class Pending {
        private static final int CAPACITY_INITIAL = 1024;
        EventType[] type = new EventType[CAPACITY_INITIAL];
        long[] created = new long[CAPACITY_INITIAL];
        long[] orderKey = new long[CAPACITY_INITIAL];
        long[] objectTimestamp = new long[CAPACITY_INITIAL];
        long[] idHigh = new long[CAPACITY_INITIAL];
        long[] idLow = new long[CAPACITY_INITIAL];
        int[] order = new int[CAPACITY_INITIAL];
        /** By event (not by order): the context of the request that caused it; valid after {@link #findTraces}. */
        TraceParent[] trace = new TraceParent[CAPACITY_INITIAL];
        int size;
        private boolean tracesFound;

        private static final int SOURCES_MAX = 4;
        private final int[] sourceStart = new int[SOURCES_MAX];
        private int sources;

        void clear() {
            if (tracesFound) {
                Arrays.fill(trace, 0, size, null);
                tracesFound = false;
            }
            size = 0;
            sources = 0;
        }

        /** Finds each event's trace context (expiries have none); true when some event has one. */
        boolean findTraces(EventTraces traces) {
            tracesFound = true;
            boolean any = false;
            for (int k = 0; k < size; k++) {
                trace[k] = type[k] == EventType.TRANSFER_EXPIRED ? null : traces.find(objectTimestamp[k]);
                any |= trace[k] != null;
            }
            return any;
        }

        /**
         * The runs of events {@code first..end-1} (in order) that share a trace context; writes them
         * to {@code out} (indexed from {@code first}) unless it is null. Returns how many.
         */
        int runs(int first, int end, ByteSink out) {
            int runs = 0;
            for (int i = first; i < end; ) {
                TraceParent context = trace[order[i]];
                int last = i;
                while (last + 1 < end && Objects.equals(trace[order[last + 1]], context)) {
                    last++;
                }
                if (context != null) {
                    runs++;
                    if (out != null) {
                        EventChunks.putRun(out, i - first, last - first, context);
                    }
                }
                i = last + 1;
            }
            return runs;
        }

        void add(EventType t, long createdNanos, long objectTs, long high, long low) {
            add(t, createdNanos, objectTs, high, low, createdNanos);
        }

        /** {@code orderNanos}: where the event goes in the batch's order (its creation time, but for transactions). */
        void add(EventType t, long createdNanos, long objectTs, long high, long low, long orderNanos) {
            if (size == type.length) {
                grow();
            }
            orderKey[size] = orderNanos;
            type[size] = t;
            created[size] = createdNanos;
            objectTimestamp[size] = objectTs;
            idHigh[size] = high;
            idLow[size] = low;
            size++;
        }

        /** Starts the next source (expiries, accounts, transfers, transactions), each in time order. */
        void beginSource() {
            sourceStart[sources++] = size;
        }

        /**
         * Merges the sources by order key (creation time) into {@link #order}: one pass, ties in source
         * order (an account before the transfer that uses it; a transaction after its legs).
         */
        void mergeByCreated() {
            int[] head = new int[sources];
            for (int s = 0; s < sources; s++) {
                head[s] = sourceStart[s];
            }
            for (int out = 0; out < size; out++) {
                int best = -1;
                for (int s = 0; s < sources; s++) {
                    int end = s + 1 < sources ? sourceStart[s + 1] : size;
                    if (head[s] < end && (best < 0
                            || Long.compareUnsigned(orderKey[head[s]], orderKey[head[best]]) < 0)) {
                        best = s;
                    }
                }
                order[out] = head[best]++;
            }
        }

        private void grow() {
            int capacity = type.length * 2;
            type = Arrays.copyOf(type, capacity);
            created = Arrays.copyOf(created, capacity);
            orderKey = Arrays.copyOf(orderKey, capacity);
            objectTimestamp = Arrays.copyOf(objectTimestamp, capacity);
            idHigh = Arrays.copyOf(idHigh, capacity);
            idLow = Arrays.copyOf(idLow, capacity);
            order = Arrays.copyOf(order, capacity);
            trace = Arrays.copyOf(trace, capacity);
        }
    }
}
