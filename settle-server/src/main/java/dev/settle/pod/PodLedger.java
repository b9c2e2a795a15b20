package dev.settle.pod;

import dev.settle.events.StoredEvents;
import dev.settle.ledger.LedgerEngine;
import dev.settle.ledger.TransferIdRestore;
import dev.settle.store.LedgerStore;
import dev.settle.store.StorePrefetch;
import dev.settle.store.StoreRecovery;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One ledger (one tenant's) inside a pod: its engine, its prefetch, its durable read model, and
 * the entries of the batch being applied that concern it. Owned by the applying thread, except
 * the restored ids, which the loader publishes through {@link #restoredIds}.
 */
final class PodLedger {
    private static final int ENTRIES_INITIAL = 16;

    final int number;
    final LedgerEngine engine;
    final StorePrefetch prefetch;
    final StoreRecovery.Loaded recovery;
    final AccountReadModel readModel;
    final TransferIdRestore idRestore;
    /** The sequence of the ledger's next event: its newest durable one + 1. */
    final long nextEventSequence;
    final AtomicReference<TransferIdRestore> restoredIds = new AtomicReference<>();
    /** Stored transfer ids restored, or -1 while they are still being read. */
    volatile long restoredIdCount = -1;
    /** Indexes, in the pod batch being applied, of the entries for this ledger, in batch order. */
    private int[] entries = new int[ENTRIES_INITIAL];
    private int entryCount;

    private PodLedger(LedgerStore store, int number) {
        this.number = number;
        this.recovery = StoreRecovery.recover(store, number);
        this.nextEventSequence = StoredEvents.lastSequence(store, number) + 1;
        this.engine = recovery.engine();
        this.prefetch = new StorePrefetch(store, number);
        this.readModel = AccountReadModel.copyOf(engine.accounts());
        this.idRestore = engine.beginTransferIdRestore(StoreRecovery.estimatedTransferIds(store));
    }

    /**
     * Recovers the ledger from the store: its accounts, balances and open pending transfers. Its
     * stored transfer ids come later ({@link TransferIdLoader}), so start-up does not wait for them.
     */
    static PodLedger recover(LedgerStore store, int number) {
        return new PodLedger(store, number);
    }

    /** Recovers the ledger with its stored transfer ids, all on the calling thread (a ledger joining a running pod). */
    static PodLedger recoverWithIds(LedgerStore store, int number) {
        PodLedger ledger = new PodLedger(store, number);
        ledger.idsLoaded(StoreRecovery.loadTransferIds(store, number, ledger.idRestore, () -> true));
        return ledger;
    }

    /** The loader read every stored id ({@code count} of them); the applying thread installs them next. */
    void idsLoaded(long count) {
        restoredIdCount = count;
        restoredIds.set(idRestore);
    }

    /** Installs the ids the loader read, once it has; called by the applying thread between batches. */
    void installRestoredIds() {
        TransferIdRestore restored = restoredIds.getAndSet(null);
        if (restored != null) {
            engine.completeTransferIdRestore(restored);
        }
    }

    /** True when the batch has entries for it, or a pending transfer of it is due by {@code nowNanos}. */
    boolean hasWork(long nowNanos) {
        return entryCount > 0 || engine.nextExpiryAt() <= nowNanos;
    }

    void addEntry(int index) {
        if (entryCount == entries.length) {
            entries = Arrays.copyOf(entries, entryCount * 2);
        }
        entries[entryCount++] = index;
    }

    int entryCount() {
        return entryCount;
    }

    /** The batch index of its {@code k}-th entry. */
    int entry(int k) {
        return entries[k];
    }

    void clearEntries() {
        entryCount = 0;
    }
}
