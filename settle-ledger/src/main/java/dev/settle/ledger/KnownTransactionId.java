package dev.settle.ledger;

/** What a transaction id was used for: a created transaction, or a transient failure it keeps. */
public sealed interface KnownTransactionId permits TransactionRecord, KnownTransactionId.Failed {
    /** A transaction id whose creation failed with a transient result at {@code timestamp}. */
    record Failed(CreateTransactionResult result, long timestamp) implements KnownTransactionId {}
}
