package dev.settle.events;

import dev.settle.store.Bytes;
import dev.settle.store.LedgerStore;
import dev.settle.store.StoreIterator;
import dev.settle.store.StoreLayout;
import dev.settle.store.StoreLayout.ColumnFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reads a ledger's durable events. Only written (hence synced) batches are visible, so a reader
 * never sees an event whose change could still be lost.
 */
public final class StoredEvents {
    private StoredEvents() {}

    /** The sequence of the ledger's newest stored event, or 0 when it has none. */
    public static long lastSequence(LedgerStore store, int ledger) {
        try (StoreIterator it = store.iterator(ColumnFamily.EVENTS)) {
            it.seekForPrev(StoreLayout.sequenceKey(ledger, Long.MAX_VALUE));
            if (!it.isValid() || Bytes.getInt(it.key(), 0) != ledger) {
                return 0;
            }
            return Bytes.getLong(it.key(), StoreLayout.LEDGER_BYTES) + EventChunks.count(it.value()) - 1;
        }
    }

    /** The event with this sequence, or null (never written, or deleted by retention). */
    public static Event find(LedgerStore store, int ledger, long sequence) {
        try (StoreIterator it = store.iterator(ColumnFamily.EVENTS)) {
            it.seekForPrev(StoreLayout.sequenceKey(ledger, sequence));
            if (!it.isValid() || Bytes.getInt(it.key(), 0) != ledger) {
                return null;
            }
            long first = Bytes.getLong(it.key(), StoreLayout.LEDGER_BYTES);
            byte[] chunk = it.value();
            long index = sequence - first;
            return index < EventChunks.count(chunk) ? EventChunks.entry(ledger, first, chunk, (int) index) : null;
        }
    }

    /** Up to {@code limit} events with a sequence above {@code after}, oldest first, that match. */
    public static List<Event> after(LedgerStore store, int ledger, long after, int limit, Predicate<Event> filter) {
        List<Event> found = new ArrayList<>();
        try (StoreIterator it = store.iterator(ColumnFamily.EVENTS)) {
            it.seekForPrev(StoreLayout.sequenceKey(ledger, after + 1));
            if (!it.isValid() || Bytes.getInt(it.key(), 0) != ledger) {
                it.seek(StoreLayout.sequenceKey(ledger, 0));
            }
            for (; it.isValid() && Bytes.getInt(it.key(), 0) == ledger && found.size() < limit; it.next()) {
                long first = Bytes.getLong(it.key(), StoreLayout.LEDGER_BYTES);
                byte[] chunk = it.value();
                int count = EventChunks.count(chunk);
                for (int i = (int) Math.max(0, after + 1 - first); i < count && found.size() < limit; i++) {
                    Event event = EventChunks.entry(ledger, first, chunk, i);
                    if (filter.test(event)) {
                        found.add(event);
                    }
                }
            }
        }
        return found;
    }

    /** Up to {@code limit} events with a sequence below {@code before}, newest first, that match. */
    public static List<Event> before(LedgerStore store, int ledger, long before, int limit, Predicate<Event> filter) {
        List<Event> found = new ArrayList<>();
        if (before <= 1) {
            return found;
        }
        try (StoreIterator it = store.iterator(ColumnFamily.EVENTS)) {
            it.seekForPrev(StoreLayout.sequenceKey(ledger, before - 1));
            for (; it.isValid() && Bytes.getInt(it.key(), 0) == ledger && found.size() < limit; it.prev()) {
                long first = Bytes.getLong(it.key(), StoreLayout.LEDGER_BYTES);
                byte[] chunk = it.value();
                int count = EventChunks.count(chunk);
                for (int i = (int) Math.min(count - 1, before - 1 - first); i >= 0 && found.size() < limit; i--) {
                    Event event = EventChunks.entry(ledger, first, chunk, i);
                    if (filter.test(event)) {
                        found.add(event);
                    }
                }
            }
        }
        return found;
    }
}
