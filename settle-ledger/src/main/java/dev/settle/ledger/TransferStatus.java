package dev.settle.ledger;

import java.util.Locale;

/**
 * Where a transfer stands. A pending transfer is in exactly one of PENDING, POSTED, VOIDED or
 * EXPIRED; a single-phase transfer and a posting transfer are POSTED; a voiding transfer is VOIDED.
 */
public enum TransferStatus {
    POSTED,
    PENDING,
    VOIDED,
    EXPIRED;

    private static final TransferStatus[] VALUES = values();
    private final String code = name().toLowerCase(Locale.ROOT);

    public String code() {
        return code;
    }

    public static TransferStatus ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }

    /** The status a transfer has when it is created with these flags. */
    public static TransferStatus initial(int transferFlags) {
        if ((transferFlags & TransferFlags.PENDING) != 0) {
            return PENDING;
        }
        return (transferFlags & TransferFlags.VOID_PENDING_TRANSFER) != 0 ? VOIDED : POSTED;
    }
}
