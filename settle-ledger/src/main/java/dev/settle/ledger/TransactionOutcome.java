package dev.settle.ledger;

/**
 * The result of one transaction.
 *
 * @param entryIndex the entry the failure is about, or -1 when it is about the whole transaction
 * @param timestamp the transaction's timestamp (of the original one, for EXISTS)
 */
public record TransactionOutcome(CreateTransactionResult result, int entryIndex, long timestamp) {}
