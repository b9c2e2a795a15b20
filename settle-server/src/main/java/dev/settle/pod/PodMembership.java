package dev.settle.pod;

import dev.settle.store.LedgerStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Which ledgers a pod holds. Changes come in the batch order ({@link PodCommand.AddLedger},
 * {@link PodCommand.RemoveLedger}) and are made by the applying thread; any thread may ask
 * whether a ledger is here. A ledger joining a running pod is recovered beforehand, on the
 * caller's thread ({@link #prepare}), so that the applying thread only installs it.
 */
final class PodMembership {
    private final LedgerStore store;
    /** In ledger-number order, so a batch touches its ledgers in the same order every time. */
    private final Map<Integer, PodLedger> ledgers = new ConcurrentSkipListMap<>();
    private final Map<Integer, PodLedger> prepared = new ConcurrentHashMap<>();
    /** Ledgers a removal in the batch being applied sends away (applying thread only). */
    private final Set<Integer> leaving = new HashSet<>();

    PodMembership(LedgerStore store, Collection<PodLedger> initial) {
        this.store = store;
        initial.forEach(ledger -> ledgers.put(ledger.number, ledger));
    }

    /** Recovers a ledger that will be added, with its stored ids, on the calling thread. */
    void prepare(int number) {
        if (!ledgers.containsKey(number)) {
            prepared.put(number, PodLedger.recoverWithIds(store, number));
        }
    }

    /**
     * Installs a ledger (as prepared, else recovered now); returns it, or null when it is still
     * here (a removal earlier in the same batch is undone, and the live engine stays).
     */
    PodLedger install(int number) {
        PodLedger early = prepared.remove(number);
        if (leaving.remove(number) || ledgers.containsKey(number)) {
            return null;
        }
        PodLedger ledger = early != null ? early : PodLedger.recoverWithIds(store, number);
        ledger.installRestoredIds();
        ledgers.put(number, ledger);
        return ledger;
    }

    /** The ledger leaves once the batch is applied; its later entries in the batch are refused. */
    void markLeaving(int number) {
        leaving.add(number);
    }

    /** The ledger an entry of the batch being applied goes to, or null when it is not (or no longer) here. */
    PodLedger routable(int number) {
        return !leaving.isEmpty() && leaving.contains(number) ? null : ledgers.get(number);
    }

    /** Forgets the ledgers removed in this batch, once their share of it is applied; returns their numbers. */
    List<Integer> dropLeaving() {
        if (leaving.isEmpty()) {
            return List.of();
        }
        List<Integer> dropped = new ArrayList<>(leaving);
        dropped.forEach(ledgers::remove);
        leaving.clear();
        return dropped;
    }

    Collection<PodLedger> all() {
        return ledgers.values();
    }

    /** The ledger, or null. */
    PodLedger get(int number) {
        return ledgers.get(number);
    }

    boolean holds(int number) {
        return ledgers.containsKey(number);
    }

    int count() {
        return ledgers.size();
    }
}
