package dev.settle.webhooks;

import dev.settle.pod.Futures;
import dev.settle.pod.PodCommand;
import dev.settle.pod.Pods;
import dev.settle.store.LedgerStore;
import dev.settle.store.WriteBatchRep;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where the relay's bookkeeping (deliveries, their queue, the fan-out cursors) is written. On a
 * single node: straight to the store, each write atomic (synced only when a caller is answered
 * after it: whatever a power loss takes back is redone from the durable events). On a cluster:
 * through the tenant's pod ({@link PodCommand.StoreChange}), so that every replica holds it and a
 * new leader's relay continues from it.
 */
public interface RelayWrites {
    /**
     * Writes {@code ops} of ledger {@code ledger}'s deliveries. {@code synced}: durable when this
     * returns (a write through a pod always is, once it returns).
     */
    void write(int ledger, List<PodCommand.StoreOp> ops, boolean synced);

    /** Straight to the store, as one atomic write. */
    static RelayWrites direct(LedgerStore store) {
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
    static RelayWrites throughPods(Pods pods) {
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
