package dev.settle.ledger;

/**
 * A transfer as stored. For posting and voiding transfers, the accounts, ledger and code are those
 * of the pending transfer, and {@code amount} is the amount actually posted or voided. For
 * balancing transfers, {@code amount} is the amount actually moved.
 *
 * @param status the current status; for pending transfers it changes once, from PENDING
 * @param previousDebitTimestamp the timestamp of the debit account's transfer before this one (0: none)
 * @param previousCreditTimestamp the timestamp of the credit account's transfer before this one (0: none)
 */
public record TransferRecord(
        UInt128 id,
        UInt128 debitAccountId,
        UInt128 creditAccountId,
        UInt128 amount,
        UInt128 pendingId,
        UInt128 userData128,
        long userData64,
        int userData32,
        long timeoutSeconds,
        long ledger,
        int code,
        int flags,
        long timestamp,
        TransferStatus status,
        long previousDebitTimestamp,
        long previousCreditTimestamp,
        byte[] metadata) implements KnownTransferId {

    public boolean hasFlag(int flag) {
        return (flags & flag) != 0;
    }

    /** The engine timestamp at which a pending transfer expires, or 0 when it never does. */
    public long expiresAt() {
        return timeoutSeconds == 0 ? 0 : timestamp + timeoutSeconds * LedgerLimits.NANOS_PER_SECOND;
    }

    public TransferRecord withStatus(TransferStatus newStatus) {
        return new TransferRecord(id, debitAccountId, creditAccountId, amount, pendingId, userData128, userData64,
                userData32, timeoutSeconds, ledger, code, flags, timestamp, newStatus, previousDebitTimestamp,
                previousCreditTimestamp, metadata);
    }
}
