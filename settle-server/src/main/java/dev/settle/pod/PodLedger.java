package dev.settle.pod;

import dev.settle.events.StoredEvents;
import dev.settle.ledger.LedgerEngine;
import dev.settle.ledger.TransferIdRestore;
import dev.settle.store.LedgerStore;
import dev.settle.store.StorePrefetch;
import dev.settle.store.StoreRecovery;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One ledger (one tenant's) inside a pod: its engine, its prefetch, and the submissions of the
 * batch being built. Owned by the pod's writer thread, except the restored ids, which the
 * loader thread publishes through {@link #restoredIds}.
 */
final class PodLedger {
    final int number;
    final LedgerEngine engine;
    final StorePrefetch prefetch;
    final StoreRecovery.Loaded recovery;
    final AccountReadModel readModel;
    final List<Submission<?>> batch = new ArrayList<>();
    final TransferIdRestore idRestore;
    /** The sequence of the ledger's next event: its newest durable one + 1. */
    final long nextEventSequence;
    final AtomicReference<TransferIdRestore> restoredIds = new AtomicReference<>();
    volatile long restoredIdCount = -1;

    PodLedger(LedgerStore store, int number) {
        this.number = number;
        this.recovery = StoreRecovery.recover(store, number);
        this.nextEventSequence = StoredEvents.lastSequence(store, number) + 1;
        this.engine = recovery.engine();
        this.prefetch = new StorePrefetch(store, number);
        this.readModel = AccountReadModel.copyOf(engine.accounts());
        this.idRestore = engine.beginTransferIdRestore(StoreRecovery.estimatedTransferIds(store));
    }

    /** Installs the ids the loader read, once it has; called by the writer between batches. */
    void installRestoredIds() {
        TransferIdRestore restored = restoredIds.getAndSet(null);
        if (restored != null) {
            engine.completeTransferIdRestore(restored);
        }
    }

    boolean hasWork(long nowNanos) {
        return !batch.isEmpty() || engine.nextExpiryAt() <= nowNanos;
    }
}
