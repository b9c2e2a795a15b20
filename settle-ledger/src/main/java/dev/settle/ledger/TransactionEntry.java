package dev.settle.ledger;

/** One entry of a multi-leg transaction: debit or credit {@code amount} to an account. */
public record TransactionEntry(UInt128 accountId, EntryDirection direction, UInt128 amount) {}
