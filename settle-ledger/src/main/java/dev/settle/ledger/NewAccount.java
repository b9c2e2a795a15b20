package dev.settle.ledger;

/**
 * A request to create one account, as a value (for edges and tests; the engine reads
 * {@link AccountBatch}).
 *
 * @param metadata opaque bytes stored with the account and compared for idempotency; may be null
 */
public record NewAccount(
        UInt128 id,
        long ledger,
        int code,
        int flags,
        UInt128 userData128,
        long userData64,
        int userData32,
        byte[] metadata) {

    public static NewAccount of(UInt128 id, long ledger) {
        return new NewAccount(id, ledger, 0, 0, UInt128.ZERO, 0, 0, null);
    }

    public NewAccount withFlags(int newFlags) {
        return new NewAccount(id, ledger, code, newFlags, userData128, userData64, userData32, metadata);
    }

    public NewAccount withCode(int newCode) {
        return new NewAccount(id, ledger, newCode, flags, userData128, userData64, userData32, metadata);
    }

    public NewAccount withUserData(UInt128 data128, long data64, int data32) {
        return new NewAccount(id, ledger, code, flags, data128, data64, data32, metadata);
    }

    public NewAccount withMetadata(byte[] bytes) {
        return new NewAccount(id, ledger, code, flags, userData128, userData64, userData32, bytes);
    }
}
