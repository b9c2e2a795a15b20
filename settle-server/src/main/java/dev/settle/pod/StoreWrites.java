package dev.settle.pod;

import dev.settle.store.LedgerStore;
import dev.settle.store.WriteBatchRep;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where a service beside the ledger writes its bookkeeping: the webhook relay (deliveries, their
 * queue, the fan-out cursors) and the sweeps (expired idempotency keys and events). On a single
 * node: straight to the store, each write atomic (synced only when asked). On a cluster: through
 * the ledger's pod ({@link PodCommand.StoreChange}), so that every replica holds the same state.
 */
public interface StoreWrites {
    /**
     * Writes {@code ops}, all of ledger {@code ledger}'s records. {@code synced}: durable when this
     * returns (a write through a pod always is, once it returns).
     */
    void write(int ledger, List<PodCommand.StoreOp> ops, boolean synced);

    /** Straight to the store, as one atomic write. */
    static StoreWrites direct(LedgerStore store) {
        int[] families = store.columnFamilyIds();
        return (ledger, ops, synced) -> {
            WriteBatchRep rep = new WriteBatchRep();
            for (PodCommand.StoreOp op : ops) {
                int family = families[op.family().ordinal()];
                switch (op.kind()) {
                    case PUT -> rep.put(family, op.key(), op.value());
                    case DELETE -> rep.delete(family, op.key());
                    case DELETE_RANGE -> rep.deleteRange(family, op.key(), op.value());
                }
            }
            if (synced) {
                store.write(rep.toBytes());
            } else {
                store.writeUnsynced(rep.toBytes());
            }
        };
    }

    /**
     * Through the ledger's pod, in changes of at most {@link PodCommand.StoreChange#OPS_MAX} writes,
     * submitted in order (so a fan-out's cursor, its last write, lands with or after its
     * deliveries); returns once all are durable. A crash between two of them can only queue an
     * event's delivery again, never lose it.
     */
    static StoreWrites throughPods(Pods pods) {
        return (ledger, ops, synced) -> {
            CompletableFuture<?>[] changes = new CompletableFuture<?>[
                    (ops.size() + PodCommand.StoreChange.OPS_MAX - 1) / PodCommand.StoreChange.OPS_MAX];
            for (int i = 0; i < changes.length; i++) {
                int from = i * PodCommand.StoreChange.OPS_MAX;
                List<PodCommand.StoreOp> chunk = ops.subList(from, Math.min(ops.size(),
                        from + PodCommand.StoreChange.OPS_MAX));
                changes[i] = pods.submit(new PodCommand.StoreChange(ledger, chunk), null);
            }
            for (CompletableFuture<?> change : changes) {
                Futures.await(change);
            }
        };
    }
}
