package dev.settle.ledger;

/**
 * A request to create one transfer, as a value (for edges and tests; the engine reads
 * {@link TransferBatch}).
 *
 * @param amount for posting, {@link UInt128#MAX} posts the full pending amount; for voiding,
 *     zero voids the full pending amount; for balancing transfers, the most that may move
 * @param timeoutSeconds for pending transfers, seconds until expiry (0 = never); unsigned 32-bit
 * @param metadata opaque bytes stored with the transfer and compared for idempotency; may be null
 */
public record NewTransfer(
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
        byte[] metadata) {

    public static NewTransfer of(UInt128 id, UInt128 debit, UInt128 credit, UInt128 amount, long ledger) {
        return new NewTransfer(id, debit, credit, amount, UInt128.ZERO, UInt128.ZERO, 0, 0, 0, ledger, 0, 0, null);
    }

    /** A post or void of {@code pendingId}: accounts, ledger and code are taken from the pending transfer. */
    public static NewTransfer resolving(UInt128 id, UInt128 pendingId, int flag, UInt128 amount) {
        return new NewTransfer(id, UInt128.ZERO, UInt128.ZERO, amount, pendingId, UInt128.ZERO, 0, 0, 0, 0, 0, flag, null);
    }

    public NewTransfer withFlags(int newFlags) {
        return new NewTransfer(id, debitAccountId, creditAccountId, amount, pendingId, userData128, userData64,
                userData32, timeoutSeconds, ledger, code, newFlags, metadata);
    }

    public NewTransfer withTimeout(long seconds) {
        return new NewTransfer(id, debitAccountId, creditAccountId, amount, pendingId, userData128, userData64,
                userData32, seconds, ledger, code, flags, metadata);
    }

    public NewTransfer withCode(int newCode) {
        return new NewTransfer(id, debitAccountId, creditAccountId, amount, pendingId, userData128, userData64,
                userData32, timeoutSeconds, ledger, newCode, flags, metadata);
    }

    public NewTransfer withUserData(UInt128 data128, long data64, int data32) {
        return new NewTransfer(id, debitAccountId, creditAccountId, amount, pendingId, data128, data64,
                data32, timeoutSeconds, ledger, code, flags, metadata);
    }

    public NewTransfer withMetadata(byte[] bytes) {
        return new NewTransfer(id, debitAccountId, creditAccountId, amount, pendingId, userData128, userData64,
                userData32, timeoutSeconds, ledger, code, flags, bytes);
    }
}
