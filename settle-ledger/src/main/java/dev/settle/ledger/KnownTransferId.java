package dev.settle.ledger;

/**
 * What a transfer id was used for: a created transfer, or a transient failure that the id keeps
 * forever (see {@link CreateTransferResult#isTransient()}).
 */
public sealed interface KnownTransferId permits TransferRecord, KnownTransferId.Failed {
    /** A transfer id whose creation failed with a transient result at {@code timestamp}. */
    record Failed(CreateTransferResult result, long timestamp) implements KnownTransferId {}
}
