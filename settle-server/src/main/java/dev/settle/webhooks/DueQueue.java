package dev.settle.webhooks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;

/**
 * An endpoint's due deliveries in memory, earliest first: the lane's view of its durable queue
 * ({@code webhook_queue}), so taking what is due never scans the store's deleted entries. At most
 * {@link #ENTRIES_MAX} are held; beyond that new entries stay in the store only. The queue reads
 * the store again whenever it has run dry (entries may also arrive there from a replay made on
 * another cluster node). Thread-safe.
 */
final class DueQueue {
    /** Entries held in memory per endpoint (about 100 bytes each). */
    static final int ENTRIES_MAX = 100_000;

    private final TreeSet<DeliveryStore.Due> entries = new TreeSet<>(
            Comparator.comparingLong(DeliveryStore.Due::dueMillis).thenComparingLong(DeliveryStore.Due::sequence));
    private final IntFunction<List<DeliveryStore.Due>> reload;
    /** True when the store may hold entries this queue does not (it was full). */
    private boolean behindStore;

    /** @param reload reads up to n of the store's entries for this endpoint, earliest first */
    DueQueue(IntFunction<List<DeliveryStore.Due>> reload) {
        this.reload = reload;
    }

    /**
     * Reads the store's entries. Call it after the lane is registered for new entries, so that
     * each entry is either added while this runs or already in the store for it to read.
     */
    synchronized void load() {
        List<DeliveryStore.Due> stored = reload.apply(ENTRIES_MAX);
        for (DeliveryStore.Due due : stored) {
            add(due);
        }
        behindStore |= stored.size() == ENTRIES_MAX;
    }

    /** Entries held in memory (due or not). */
    synchronized int size() {
        return entries.size();
    }

    /** When the earliest entry held is due, or {@link Long#MAX_VALUE} when none is held. */
    synchronized long earliestDueMillis() {
        return entries.isEmpty() ? Long.MAX_VALUE : entries.first().dueMillis();
    }

    synchronized void add(DeliveryStore.Due due) {
        if (entries.size() < ENTRIES_MAX) {
            entries.add(due);
        } else {
            behindStore = true;
        }
    }

    /** An attempt's entry is done; {@code next} (or null) is the delivery's next entry. */
    synchronized void replace(DeliveryStore.Due done, DeliveryStore.Due next) {
        entries.remove(done);
        if (next != null) {
            add(next);
        }
    }

    /** What is due now (up to {@code max}, skipping those in flight), and when the next one is. */
    synchronized DeliveryStore.DueScan take(long nowMillis, int max, Set<Long> inFlight) {
        if ((behindStore || entries.isEmpty()) && entries.size() <= inFlight.size()) {
            // Run dry: the store may hold entries queued elsewhere (a replay through another
            // cluster node) or beyond what memory held.
            behindStore = false;
            load();
        }
        List<DeliveryStore.Due> due = new ArrayList<>();
        for (DeliveryStore.Due entry : entries) {
            if (entry.dueMillis() > nowMillis) {
                return new DeliveryStore.DueScan(due, entry.dueMillis());
            }
            if (!inFlight.contains(entry.sequence())) {
                if (due.size() == max) {
                    return new DeliveryStore.DueScan(due, nowMillis);
                }
                due.add(entry);
            }
        }
        return new DeliveryStore.DueScan(due, Long.MAX_VALUE);
    }
}
