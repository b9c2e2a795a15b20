package dev.settle.pod;

import java.util.List;

/**
 * What applying a {@link PodBatch} produced: the bytes to write (one RocksDB write batch), the
 * outcome of each entry (in the batch's order), and what to do once the write is durable.
 *
 * @param writeSet the serialized write batch: every record of every ledger the batch touched
 * @param outcomes per entry: its command's outcome ({@code R} of {@link PodCommand}), null for
 *     commands without one, or a {@link LedgerMovedException} when its ledger was not in the pod
 * @param ledgerBatches the engine batch each touched ledger ran, to release once durable
 * @param readModelUpdates what the durable read models learn once the write is durable
 * @param recorded the records that changes outside the engines put ({@link PodCommand.RecordChange},
 *     {@link PodCommand.CreateLedger}), for the registries that mirror them once durable
 */
public record AppliedBatch(long sequence, byte[] writeSet, Object[] outcomes, List<LedgerBatch> ledgerBatches,
        List<ReadModelUpdate> readModelUpdates, List<PodCommand.Put> recorded) {

    /** One ledger's share of a pod batch: its engine's batch number. */
    public record LedgerBatch(int ledger, long engineSequence) {}

    /** The changes of one ledger's accounts, for its read model once they are durable. */
    public record ReadModelUpdate(AccountReadModel model, AccountReadModel.Delta delta) {
        void apply() {
            model.apply(delta);
        }
    }
}
