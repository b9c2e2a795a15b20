package dev.settle.ledger;

import java.util.List;

/**
 * A balanced multi-leg transaction: debit entries and credit entries whose sums are equal per
 * currency. The engine decomposes it into a linked chain of transfers (its legs), so it applies
 * whole or not at all.
 *
 * @param code stamped on every leg
 * @param metadata opaque bytes stored with the transaction; may be null
 */
public record NewTransaction(UInt128 id, int code, List<TransactionEntry> entries, byte[] metadata) {
    public NewTransaction {
        entries = List.copyOf(entries);
        if (code < 0 || code > LedgerLimits.CODE_MAX) {
            throw new IllegalArgumentException("code must be 0.." + LedgerLimits.CODE_MAX);
        }
        if (metadata != null && metadata.length > LedgerLimits.METADATA_BYTES_MAX) {
            throw new IllegalArgumentException("metadata must be at most " + LedgerLimits.METADATA_BYTES_MAX + " bytes");
        }
    }
}
