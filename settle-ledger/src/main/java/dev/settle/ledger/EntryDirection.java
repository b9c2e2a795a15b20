package dev.settle.ledger;

/** The side of a transaction entry. */
public enum EntryDirection {
    DEBIT,
    CREDIT
}
