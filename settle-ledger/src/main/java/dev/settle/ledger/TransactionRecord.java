package dev.settle.ledger;

import java.util.List;

/**
 * A transaction as stored.
 *
 * @param legCount how many transfers it decomposed into; leg {@code i} has id
 *     {@link TransactionLegs#legId(UInt128, int)}
 */
public record TransactionRecord(
        UInt128 id, int code, List<TransactionEntry> entries, byte[] metadata, long timestamp, int legCount)
        implements KnownTransactionId {}
